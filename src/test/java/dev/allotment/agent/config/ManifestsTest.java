package dev.allotment.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.allotment.api.BindMountMode;
import dev.allotment.api.ContainerReservation;
import dev.allotment.spec.SpecValidator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code manifests/} builds with {@code kubectl kustomize}, grants least privilege, and its config and samples are valid. */
class ManifestsTest {
    static final Path MANIFESTS = Path.of("manifests");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static List<JsonNode> built;

    @BeforeAll
    static void build() throws Exception {
        built = kustomize();
    }

    /** The documents {@code kubectl kustomize manifests/} prints; null when kubectl is not installed. */
    static List<JsonNode> kustomize() throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", MANIFESTS.toString()).redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            return null;
        }
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize manifests/ failed: %s", err).isZero();
        try (var parser = YAML.getFactory().createParser(out)) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        }
    }

    private static List<JsonNode> built() {
        assumeTrue(built != null, "kubectl is not installed");
        return built;
    }

    private static JsonNode one(String kind) {
        List<JsonNode> found = built().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertThat(found).as("%s objects in the build", kind).hasSize(1);
        return found.get(0);
    }

    private static Stream<JsonNode> each(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    @Test
    void buildsTheAgentObjectsInItsNamespace() {
        assertThat(built().stream().map(d -> d.path("kind").asText()))
                .contains("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "DaemonSet");
        assertThat(one("Namespace").at("/metadata/name").asText()).isEqualTo("allotment-system");
        for (String kind : List.of("ServiceAccount", "ConfigMap", "DaemonSet")) {
            assertThat(one(kind).at("/metadata/namespace").asText()).as(kind).isEqualTo("allotment-system");
        }
        assertThat(one("ServiceAccount").at("/metadata/name").asText()).isEqualTo("allotment-agent");
        JsonNode subject = one("ClusterRoleBinding").at("/subjects/0");
        assertThat(subject.path("name").asText()).isEqualTo("allotment-agent");
        assertThat(subject.path("namespace").asText()).isEqualTo("allotment-system");
        assertThat(one("ClusterRoleBinding").at("/roleRef/name").asText())
                .isEqualTo(one("ClusterRole").at("/metadata/name").asText());
    }

    @Test
    void grantsNothingOnSecretsOrPodsAndNoWildcards() {
        for (JsonNode rule : one("ClusterRole").path("rules")) {
            List<String> resources = each(rule.path("resources")).map(JsonNode::asText).toList();
            assertThat(resources).doesNotContain("secrets", "pods", "*");
            assertThat(each(rule.path("verbs")).map(JsonNode::asText)).doesNotContain("*", "delete",
                    "deletecollection");
            assertThat(each(rule.path("apiGroups")).map(JsonNode::asText)).doesNotContain("*");
        }
    }

    @Test
    void grantsWhatTheAgentNeeds() {
        Map<String, List<String>> verbs = new HashMap<>();
        for (JsonNode rule : one("ClusterRole").path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    verbs.computeIfAbsent(group.asText() + "/" + resource.asText(), k -> new ArrayList<>())
                            .addAll(each(rule.path("verbs")).map(JsonNode::asText).toList());
                }
            }
        }
        assertThat(verbs).containsOnlyKeys("allotment.dev/containerreservations",
                "allotment.dev/containerreservations/status", "allotment.dev/reservationpools",
                "allotment.dev/reservationpools/status", "/events", "events.k8s.io/events");
        assertThat(verbs.get("allotment.dev/containerreservations"))
                .containsExactlyInAnyOrder("get", "list", "watch", "update", "patch");
        assertThat(verbs.get("allotment.dev/containerreservations/status"))
                .containsExactlyInAnyOrder("get", "update", "patch");
        assertThat(verbs.get("allotment.dev/reservationpools"))
                .containsExactlyInAnyOrder("get", "list", "watch", "create", "update", "patch");
        assertThat(verbs.get("allotment.dev/reservationpools/status"))
                .containsExactlyInAnyOrder("get", "update", "patch");
        assertThat(verbs.get("/events")).containsExactlyInAnyOrder("create", "patch");
        assertThat(verbs.get("events.k8s.io/events")).containsExactlyInAnyOrder("create", "patch");
    }

    @Test
    void runsAPrivilegedHostNetworkAgentOnEveryNode() {
        JsonNode pod = one("DaemonSet").at("/spec/template/spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("allotment-agent");
        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        assertThat(pod.path("priorityClassName").asText()).isEqualTo("system-node-critical");
        assertThat(each(pod.path("tolerations")).map(t -> t.path("operator").asText())).containsExactly("Exists");
        JsonNode agent = pod.at("/containers/0");
        assertThat(agent.path("image").asText()).isEqualTo("ghcr.io/allotment/allotment:0.1.0");
        assertThat(each(agent.path("args")).map(JsonNode::asText))
                .containsExactly("agent", "--config", "/etc/allotment/config.yaml");
        assertThat(agent.at("/securityContext/privileged").asBoolean()).isTrue();
        assertThat(agent.at("/resources/requests/cpu").asText()).isEqualTo("100m");
        assertThat(agent.at("/resources/requests/memory").asText()).isEqualTo("256Mi");
        assertThat(agent.at("/resources/limits/cpu").asText()).isEqualTo("1");
        assertThat(agent.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
    }

    @Test
    void takesNodeNameAndExternalIpFromTheDownwardApi() {
        JsonNode env = one("DaemonSet").at("/spec/template/spec/containers/0/env");
        Map<String, String> fields = new HashMap<>();
        env.forEach(e -> fields.put(e.path("name").asText(), e.at("/valueFrom/fieldRef/fieldPath").asText()));
        assertThat(fields).containsEntry("NODE_NAME", "spec.nodeName")
                .containsEntry("ALLOTMENT_EXTERNAL_IP", "status.hostIP");
    }

    @Test
    void sharesDepotAndNetnsMountsWithTheHost() {
        JsonNode pod = one("DaemonSet").at("/spec/template/spec");
        Map<String, String> hostPaths = new HashMap<>();
        pod.path("volumes").forEach(v -> hostPaths.put(v.path("name").asText(), v.at("/hostPath/path").asText()));
        Map<String, JsonNode> mounts = new HashMap<>();
        pod.at("/containers/0/volumeMounts").forEach(m -> mounts.put(hostPaths.get(m.path("name").asText()), m));
        for (String hostPath : List.of("/var/lib/allotment", "/var/run/netns")) {
            assertThat(mounts).containsKey(hostPath);
            assertThat(mounts.get(hostPath).path("mountPath").asText()).isEqualTo(hostPath);
            assertThat(mounts.get(hostPath).path("mountPropagation").asText()).isEqualTo("Bidirectional");
        }
    }

    @Test
    void probesHealthAndReadinessOnTheConfiguredProbePort() throws Exception {
        JsonNode agent = one("DaemonSet").at("/spec/template/spec/containers/0");
        assertThat(agent.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(agent.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        JsonNode port = agent.at("/ports/0");
        assertThat(agent.at("/livenessProbe/httpGet/port").asText()).isEqualTo(port.path("name").asText());
        assertThat(agent.at("/readinessProbe/httpGet/port").asText()).isEqualTo(port.path("name").asText());
        assertThat(port.path("containerPort").asInt()).isEqualTo(shippedConfig().probePort()).isEqualTo(8081);
    }

    @Test
    void mountsTheGeneratedConfigMapAtTheConfigPath() {
        JsonNode configMap = one("ConfigMap");
        String name = configMap.at("/metadata/name").asText();
        assertThat(name).startsWith("allotment-config");
        JsonNode pod = one("DaemonSet").at("/spec/template/spec");
        String volume = each(pod.path("volumes")).filter(v -> name.equals(v.at("/configMap/name").asText()))
                .map(v -> v.path("name").asText()).findFirst().orElseThrow();
        assertThat(each(pod.at("/containers/0/volumeMounts")).filter(m -> volume.equals(m.path("name").asText()))
                .map(m -> m.path("mountPath").asText())).containsExactly("/etc/allotment");
        assertThat(configMap.at("/data/config.yaml").asText()).isNotBlank();
    }

    @Test
    void shipsAConfigThatLoadsWithTheDownwardApiEnvironment() throws Exception {
        AgentConfig config = shippedConfig();
        assertThat(config.depotDir()).isEqualTo(Path.of("/var/lib/allotment/depot"));
        assertThat(config.externalIp()).isEqualTo("192.0.2.10");
        assertThat(config.defaultRootfs()).isNotNull();
    }

    /** The config.yaml as the ConfigMap carries it (or as written, without kubectl), loaded as the agent would. */
    private static AgentConfig shippedConfig() throws IOException {
        String yaml = built != null ? one("ConfigMap").at("/data/config.yaml").asText()
                : Files.readString(MANIFESTS.resolve("config.yaml"));
        return ConfigLoader.agent().fromYaml("config.yaml", yaml, ConfigLoaderTest.NODE);
    }

    @Test
    void includesTheCrdsOnceCrdsHasAKustomization() {
        assumeTrue(Files.exists(Path.of("crds/kustomization.yml")) || Files.exists(Path.of("crds/kustomization.yaml")),
                "crds/ has no kustomization file yet; the CRDs are applied on their own");
        assertThat(built().stream().filter(d -> "CustomResourceDefinition".equals(d.path("kind").asText()))
                .map(d -> d.at("/metadata/name").asText()))
                .containsExactlyInAnyOrder("containerreservations.allotment.dev", "reservationpools.allotment.dev");
    }

    @Test
    void samplesAreValidContainerReservationsForNode1() throws Exception {
        List<Path> samples;
        try (Stream<Path> files = Files.list(MANIFESTS.resolve("samples"))) {
            samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(samples.stream().map(p -> p.getFileName().toString()))
                .containsExactly("dynamic-netin.yaml", "quota-ro-bind.yaml", "static-ip.yaml");
        for (Path sample : samples) {
            ContainerReservation reservation = sample(sample);
            assertThat(reservation.getSpec().getNodeName()).as(sample.toString()).isEqualTo("node-1");
            assertThat(reservation.getSpec().getRootfs()).as(sample + ": the node's default applies").isNull();
            assertThat(new SpecValidator().check(reservation.getSpec())).as(sample.toString()).isEmpty();
        }
    }

    @Test
    void samplesAskForWhatTheirNamesSay() throws Exception {
        ContainerReservation dynamic = sample(MANIFESTS.resolve("samples/dynamic-netin.yaml"));
        assertThat(dynamic.getSpec().getNetwork()).isNullOrEmpty();
        assertThat(dynamic.getSpec().getNetIn()).singleElement()
                .satisfies(n -> assertThat(List.of(n.getHostPort(), n.getContainerPort())).containsExactly(0, 8080));
        assertThat(sample(MANIFESTS.resolve("samples/static-ip.yaml")).getSpec().getNetwork()).isEqualTo("10.253.0.10");
        ContainerReservation quota = sample(MANIFESTS.resolve("samples/quota-ro-bind.yaml"));
        assertThat(quota.getSpec().getLimits().getDisk().getByteHard()).isEqualTo(64L << 20);
        assertThat(quota.getSpec().getBindMounts()).singleElement().satisfies(b -> {
            assertThat(b.getSrcPath()).isEqualTo("/var/lib/allotment-local/shared");
            assertThat(b.getDstPath()).isEqualTo("/data/shared");
            assertThat(b.getMode()).isEqualTo(BindMountMode.RO);
        });
    }

    private static ContainerReservation sample(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, ContainerReservation.class);
        }
    }

    @Test
    void shipsAnArgoCdHealthCheckReadingReadyAndStalled() throws Exception {
        JsonNode snippet = YAML.readTree(MANIFESTS.resolve("argocd/health-lua.yaml").toFile());
        assertThat(snippet.at("/metadata/name").asText()).isEqualTo("argocd-cm");
        String lua = snippet.at("/data/resource.customizations.health.allotment.dev_ContainerReservation").asText();
        assertThat(lua).contains("\"Ready\"", "\"Stalled\"", "\"Healthy\"", "\"Degraded\"", "\"Progressing\"",
                "observedGeneration");
    }
}
