package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.allotment.api.ContainerReservation;
import dev.allotment.api.ContainerReservationStatus;
import dev.allotment.api.Phase;
import dev.allotment.api.ReservationPool;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl works against the embedded server through the kubeconfig it writes. */
class KubectlIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static EmbeddedApiServer server;
    private static KubernetesClient client;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Kubectl.onPath().isPresent(), "kubectl is not on PATH");
        server = EmbeddedApiServer.start();
        Path kubeconfig = dir.resolve("kubeconfig");
        Kubeconfig.write(kubeconfig, server.url());
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        kubectl = new Kubectl(kubeconfig, dir);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Path manifest(String name) {
        return kubectl.write(name + ".yaml", String.join("\n",
                "apiVersion: allotment.dev/v1alpha1",
                "kind: ContainerReservation",
                "metadata:",
                "  name: " + name,
                "spec:",
                "  nodeName: node-a",
                "  netIn:",
                "  - containerPort: 8080",
                ""));
    }

    private static Resource<ContainerReservation> reservation(String name) {
        return client.resources(ContainerReservation.class).inNamespace("default").withName(name);
    }

    private static Kubectl.Result succeeds(String... args) {
        Kubectl.Result result = kubectl.run(args);
        assertThat(result.exitCode()).as("%s", result).isZero();
        return result;
    }

    private static void reportReady(String name) {
        reservation(name).editStatus(r -> {
            long generation = r.getMetadata().getGeneration();
            ContainerReservationStatus status = new ContainerReservationStatus();
            status.setObservedGeneration(generation);
            status.setPhase(Phase.Ready);
            status.setContainerId("0123456789a");
            status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True")
                    .withReason("Acquired").withMessage("acquired").withObservedGeneration(generation)
                    .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build()));
            r.setStatus(status);
            return r;
        });
    }

    @Test
    void appliesAReservationAndShowsItWithItsPrinterColumns() {
        Path file = manifest("shown");

        assertThat(succeeds("apply", "-f", file.toString()).out()).contains("containerreservation.allotment.dev/shown created");
        assertThat(succeeds("apply", "-f", file.toString()).out()).contains("shown unchanged");
        reportReady("shown");

        assertThat(succeeds("get", "cres").out()).contains("shown");
        String wide = succeeds("get", "cres", "-o", "wide").out();
        assertThat(wide.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "NODE", "PHASE", "IP", "PORTS", "AGE", "CONTAINER-ID", "SUBNET");
        assertThat(wide).containsPattern("shown\\s+node-a\\s+Ready\\s+.*0123456789a");
        assertThat(succeeds("get", "allotment").out()).contains("containerreservation.allotment.dev/shown");
    }

    @Test
    void showsClusterScopedReservationPools() {
        ReservationPool pool = new ReservationPool();
        pool.setMetadata(new ObjectMetaBuilder().withName("node-k").build());
        client.resource(pool).create();

        String pools = succeeds("get", "rpool").out();

        assertThat(pools.lines().findFirst().orElseThrow()).contains("NAME", "CONTAINERS", "SUBNETS", "PORTS", "AGE");
        assertThat(pools).contains("node-k");
    }

    @Test
    void describesAReservation() {
        succeeds("apply", "-f", manifest("described").toString());

        String description = succeeds("describe", "cres", "described").out();

        assertThat(description).contains("Name:", "described", "Kind:", "ContainerReservation")
                .containsPattern("Node Name:\\s+node-a");
    }

    @Test
    void patchesTheSpecThenWaitsForTheReadyConditionOfThatGeneration() {
        succeeds("apply", "-f", manifest("patched").toString());

        assertThat(succeeds("patch", "cres", "patched", "--type", "merge", "-p",
                "{\"spec\":{\"properties\":{\"a\":\"b\"}}}").out()).contains("patched");
        assertThat(reservation("patched").get().getSpec().getProperties()).containsEntry("a", "b");
        assertThat(reservation("patched").get().getMetadata().getGeneration()).isEqualTo(2L);
        reportReady("patched");

        assertThat(succeeds("wait", "--for=condition=Ready", "cres/patched", "--timeout=10s").out())
                .contains("condition met");
    }

    @Test
    void waitReturnsWhenTheReservationBecomesReadyLater() {
        succeeds("apply", "-f", manifest("later").toString());
        Kubectl.Running wait = kubectl.start("wait", "--for=condition=Ready", "cres/later", "--timeout=20s");

        reportReady("later");

        Kubectl.Result result = wait.await();
        assertThat(result.exitCode()).as("%s", result).isZero();
    }

    @Test
    void deletesAReservation() {
        succeeds("apply", "-f", manifest("deleted").toString());

        assertThat(succeeds("delete", "cres", "deleted").out())
                .contains("containerreservation.allotment.dev \"deleted\" deleted");
        assertThat(reservation("deleted").get()).isNull();
        assertThat(kubectl.run("get", "cres", "deleted").err()).contains("NotFound");
    }

    @Test
    void deleteWaitsUntilTheAgentsFinalizerIsRemoved() {
        succeeds("apply", "-f", manifest("finalized").toString());
        reservation("finalized").edit(r -> {
            r.getMetadata().setFinalizers(List.of("allotment.dev/agent"));
            return r;
        });

        Kubectl.Running delete = kubectl.start("delete", "cres", "finalized", "--timeout=20s");
        await().atMost(WAIT).until(() -> reservation("finalized").get().getMetadata().getDeletionTimestamp() != null);
        assertThat(delete.isAlive()).isTrue();
        reservation("finalized").edit(r -> {
            r.getMetadata().setFinalizers(List.of());
            return r;
        });

        Kubectl.Result result = delete.await();
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(reservation("finalized").get()).isNull();
    }
}
