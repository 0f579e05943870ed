package dev.allotment.bench;

import dev.allotment.agent.Agent;
import dev.allotment.agent.AgentSettings;
import dev.allotment.agent.config.AgentConfig;
import dev.allotment.agent.config.ConfigLoader;
import dev.allotment.agent.config.NodeWiring;
import dev.allotment.api.ContainerReservation;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.PoolConfig;
import dev.allotment.local.EmbeddedApiServer;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code scripts/bench agent}: local mode with the real kernel. Applies N reservations at once and times them to
 * Ready, restarts the agent and times the restore, deletes them all and times the release; reports heap and RSS.
 */
public final class AgentBench {
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();

    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {200, 1000} : java.util.Arrays.stream(args)
                .mapToInt(Integer::parseInt).toArray();
        StringBuilder table = new StringBuilder("| N | all Ready s | apply→Ready p50 ms | apply→Ready p99 ms"
                + " | restart: restore s | restart: all verified s | delete: all released s | heap MB | RSS MB |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (int n : sizes) {
            table.append(run(n));
        }
        System.out.print(table);
    }

    private static String run(int n) throws Exception {
        Path state = Files.createTempDirectory("allotment-agent-bench");
        Files.createDirectories(state.resolve("rootfs/base/etc"));
        RUNNER.run(Command.of("ip", "link", "add", "zabext", "type", "bridge"));
        RUNNER.run(Command.of("ip", "addr", "add", "10.96.200.1/32", "dev", "zabext"));
        RUNNER.check(Command.of("ip", "link", "set", "zabext", "up"));
        Path configFile = state.resolve("config.yaml");
        Files.writeString(configFile, String.format(Locale.ROOT, """
                nodeName: bench
                depotDir: %1$s/depot
                layerCacheDir: %1$s/layers
                prefix: zab
                externalIp: 10.96.200.1
                pool: {cidr: 10.240.0.0/20, staticRanges: [10.241.0.0/22]}
                allowedRootfsRoots: [%1$s/rootfs]
                defaultRootfs: dir://%1$s/rootfs/base
                gc: {interval: 1h, grace: 30s}
                nodeSelection: client
                """, state));
        AgentConfig config = ConfigLoader.local().load(configFile, Map.of());
        AgentSettings settings = new AgentSettings("bench", false, Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofSeconds(2), "127.0.0.1", -1, new PoolConfig());
        try (EmbeddedApiServer server = EmbeddedApiServer.start();
             KubernetesClient client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
            NodeWiring wiring = new NodeWiring(config);
            Agent agent = new Agent(settings, client, wiring.nodePool(), Clock.systemUTC());
            agent.start();
            Map<String, Long> created = new ConcurrentHashMap<>();
            Map<String, Long> readyAt = new ConcurrentHashMap<>();
            Watch watch = client.resources(ContainerReservation.class).inNamespace("default").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ContainerReservation r) {
                    if (r.getStatus() != null && r.getStatus().getConditions() != null && r.getStatus().getConditions()
                            .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))) {
                        readyAt.putIfAbsent(r.getMetadata().getName(), System.nanoTime());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            long start = System.nanoTime();
            ExecutorService creators = Executors.newFixedThreadPool(8);
            for (int i = 0; i < n; i++) {
                String name = "r" + i;
                creators.submit(() -> {
                    created.put(name, System.nanoTime());
                    client.resource(reservation(name)).create();
                });
            }
            creators.shutdown();
            waitUntil(() -> readyAt.size() >= n, Duration.ofMinutes(10));
            double allReady = seconds(System.nanoTime() - start);
            List<Double> latencies = new ArrayList<>();
            readyAt.forEach((name, at) -> latencies.add((at - created.get(name)) / 1e6));
            watch.close();

            agent.close();
            wiring.close();
            long restartStart = System.nanoTime();
            NodeWiring restarted = new NodeWiring(config);
            agent = new Agent(settings, client, restarted.nodePool(), Clock.systemUTC());
            agent.start();
            double restore = seconds(System.nanoTime() - restartStart);
            waitUntil(() -> client.resources(ContainerReservation.class).inNamespace("default").list().getItems()
                    .stream().filter(r -> r.getStatus() != null && r.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Ready") && "Restored".equals(c.getReason())))
                    .count() >= n, Duration.ofMinutes(10));
            double verified = seconds(System.nanoTime() - restartStart);
            System.gc();
            long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            long rss = rssMegabytes();

            long deleteStart = System.nanoTime();
            client.resources(ContainerReservation.class).inNamespace("default").delete();
            NodeWiring finalWiring = restarted;
            waitUntil(() -> finalWiring.nodePool().depot().records().isEmpty(), Duration.ofMinutes(10));
            double released = seconds(System.nanoTime() - deleteStart);
            agent.sweep();
            agent.close();
            restarted.close();
            RUNNER.run(Command.of("nft", "delete", "table", "inet", "allotment_zab"));
            return String.format(Locale.ROOT, "| %d | %.1f | %.0f | %.0f | %.2f | %.1f | %.1f | %d | %d |%n", n,
                    allReady, NodeBench.percentile(latencies, 50), NodeBench.percentile(latencies, 99), restore,
                    verified, released, heap, rss);
        } finally {
            RUNNER.run(Command.of("ip", "link", "del", "zabext"));
            RUNNER.run(Command.of("rm", "-rf", "--one-file-system", state.toString()));
        }
    }

    private static ContainerReservation reservation(String name) {
        ContainerReservation reservation = new ContainerReservation();
        reservation.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        ContainerReservationSpec spec = new ContainerReservationSpec();
        spec.setNodeName("bench");
        reservation.setSpec(spec);
        return reservation;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + limit);
            }
            Thread.sleep(50);
        }
    }

    private static long rssMegabytes() throws IOException {
        String pid = Long.toString(ManagementFactory.getRuntimeMXBean().getPid());
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
