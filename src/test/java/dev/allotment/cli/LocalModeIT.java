package dev.allotment.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allotment.api.ContainerReservation;
import dev.allotment.node.KernelLeaks;
import dev.allotment.node.Privileged;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.ExecCommandRunner;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * `allotment local` as a user runs it: the jar in a child process, driven over the kubeconfig it writes, first with
 * the fabric8 client and then with kubectl; stopped with SIGTERM, after which nothing of it is left.
 */
@Privileged
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalModeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ExecCommandRunner runner = new ExecCommandRunner();
    private Path state;
    private Process local;
    private Path kubeconfig;
    private KubernetesClient client;

    @BeforeAll
    void start() throws Exception {
        Privileged.Support.requireRoot();
        state = Files.createTempDirectory("allotment-local-it");
        Path jar = Path.of("target/allotment.jar").toAbsolutePath();
        local = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "local", "--state-dir", state.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next = out.readLine(); next != null; next = out.readLine()) {
                    if (next.startsWith("kubeconfig: ")) {
                        return next;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }).get(120, TimeUnit.SECONDS);
        assertThat(line).as("local mode printed its kubeconfig line").isEqualTo("kubeconfig: " + state.resolve("kubeconfig"));
        CompletableFuture.runAsync(() -> out.lines().forEach(l -> { }));
        kubeconfig = state.resolve("kubeconfig");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (local != null) {
            local.destroy();
            assertThat(local.waitFor(120, TimeUnit.SECONDS)).as("local mode stopped on SIGTERM").isTrue();
        }
        List<String> leaks = KernelLeaks.find("l1", state).stream()
                .filter(l -> !l.equals("nft table inet allotment_l1")).toList();
        runner.run(Command.of("nft", "delete", "table", "inet", "allotment_l1"));
        runner.run(Command.of("rm", "-rf", "--one-file-system", state.toString()));
        assertThat(leaks).as("what local mode left after SIGTERM").isEmpty();
    }

    @Test
    @Order(1)
    void theSamplesBecomeReadyWithIpsInRealNamespaces() throws IOException {
        try (var samples = Files.list(Path.of("manifests/samples"))) {
            for (Path sample : samples.sorted().toList()) {
                client.load(Files.newInputStream(sample)).inNamespace("default").create();
            }
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(ContainerReservation.class)
                .inNamespace("default").list().getItems()).hasSize(3).allSatisfy(r ->
                assertThat(r.getStatus()).isNotNull().extracting(s -> s.getConditions()).asList().anySatisfy(o -> {
                    io.fabric8.kubernetes.api.model.Condition c = (io.fabric8.kubernetes.api.model.Condition) o;
                    assertThat(c.getType()).isEqualTo("Ready");
                    assertThat(c.getStatus()).isEqualTo("True");
                })));
        for (ContainerReservation reservation : client.resources(ContainerReservation.class).inNamespace("default")
                .list().getItems()) {
            String netns = reservation.getStatus().getNetwork().getNetns();
            CommandResult addresses = runner.check(Command.of("ip", "-n", netns, "-br", "addr"));
            assertThat(addresses.stdout()).contains(reservation.getStatus().getNetwork().getIp() + "/");
        }
    }

    @Test
    @Order(2)
    void kubectlSeesTheColumnsAndCanDeleteAReservation() throws Exception {
        assumeKubectl();
        String wide = kubectl("get", "cres", "-o", "wide");
        assertThat(wide).contains("NODE", "PHASE", "IP", "PORTS", "AGE", "CONTAINER-ID", "SUBNET")
                .contains("static-ip").contains("10.253.0.10");
        assertThat(kubectl("wait", "--for=condition=Ready", "cres/static-ip", "--timeout=30s")).contains("condition met");
        kubectl("delete", "cres", "static-ip");
        assertThat(kubectl("get", "cres")).doesNotContain("static-ip");
    }

    @Test
    @Order(3)
    void checkReportsTheNodeClean() throws Exception {
        Process check = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/allotment.jar").toAbsolutePath().toString(), "check", "--config",
                state.resolve("node-1/config.yaml").toString(), "--kubeconfig", kubeconfig.toString()))
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("clean: node node-1");
        assertThat(check.exitValue()).as(output).isZero();
    }

    private static void assumeKubectl() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl"))
                || Files.isExecutable(Path.of("/usr/local/bin/kubectl")), "kubectl is not installed");
    }

    private String kubectl(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        argv.addAll(List.of(args));
        return runner.check(new Command(argv, null, java.util.Map.of("HOME", state.toString()),
                Duration.ofSeconds(60))).stdout();
    }
}
