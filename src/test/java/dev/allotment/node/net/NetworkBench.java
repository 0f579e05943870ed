package dev.allotment.node.net;

import dev.allotment.node.KernelLeaks;
import dev.allotment.node.KernelNames;
import dev.allotment.node.NetworkPlan;
import dev.allotment.node.Privileged;
import dev.allotment.node.exec.ExecCommandRunner;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Times the network alone: after a few untimed warm-up cycles, ensures N fresh reservations (each its own /30 and
 * bridge, as the agent's pool hands them out), then destroys them, then deletes their bridges (untimed, as the agent
 * does that off the release path).
 * Prints median and p99 milliseconds and processes per ensure and destroy, and the medians of the first and last
 * tenth, which stay close when neither grows with the number of reservations on the node. With a second argument B,
 * B more reservations are ensured first and kept, untimed, for the whole run. Needs root; touches only objects with
 * its own fresh prefix and addresses in an unused 10.X.0.0/16, and asserts at the end that none of them is left.
 *
 * <p>{@code java -cp <test classpath> dev.allotment.node.net.NetworkBench 200 [B]}
 */
public final class NetworkBench {
    private static final int MAX = 16_000;
    private static final int WARMUP = 10;
    private static final long SETTLE_NANOS = 30_000_000_000L;

    private NetworkBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int background = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (n < 1 || background < 0 || WARMUP + n + background > MAX) {
            throw new IllegalArgumentException("N + B must be 1-" + MAX + ", one /30 each");
        }
        Privileged.Support.requireRoot();
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        String prefix = "zn" + chars.charAt(ThreadLocalRandom.current().nextInt(chars.length()));
        KernelNames names = new KernelNames(prefix);
        RecordingRunner runner = new RecordingRunner(new ExecCommandRunner());
        IpNetwork network = new IpNetwork(runner, names);
        int pool = unusedPool();
        List<NetworkPlan> warmUp = new ArrayList<>();
        List<NetworkPlan> kept = new ArrayList<>();
        List<NetworkPlan> plans = new ArrayList<>();
        for (int i = 0; i < WARMUP + background + n; i++) {
            (i < WARMUP ? warmUp : i < WARMUP + background ? kept : plans).add(plan(names, pool, i));
        }
        long[] ensure = new long[n];
        long[] destroy = new long[n];
        int ensureProcesses = 0;
        int destroyProcesses = 0;
        long settleMillis;
        try {
            for (NetworkPlan plan : warmUp) {
                network.ensure(plan);
                network.destroy(plan.containerId());
            }
            kept.forEach(network::ensure);
            for (int i = 0; i < n; i++) {
                int before = runner.commands().size();
                long started = System.nanoTime();
                network.ensure(plans.get(i));
                ensure[i] = System.nanoTime() - started;
                ensureProcesses += runner.commands().size() - before;
            }
            for (int i = 0; i < n; i++) {
                int before = runner.commands().size();
                long started = System.nanoTime();
                network.destroy(plans.get(i).containerId());
                destroy[i] = System.nanoTime() - started;
                destroyProcesses += runner.commands().size() - before;
            }
        } finally {
            long started = System.nanoTime();
            settleMillis = removeAll(network, prefix, List.of(warmUp, kept, plans));
            System.err.printf(Locale.ROOT, "network-bench cleanup took %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
        }
        int tenth = Math.max(1, n / 10);
        System.out.println(String.format(Locale.ROOT,
                "network-bench n=%d background=%d%n"
                        + "  ensure  median=%.1fms p99=%.1fms firstTenthMedian=%.1fms lastTenthMedian=%.1fms"
                        + " processes/op=%.2f%n"
                        + "  destroy median=%.1fms p99=%.1fms firstTenthMedian=%.1fms lastTenthMedian=%.1fms"
                        + " processes/op=%.2f%n"
                        + "  kernel empty of the prefix %d ms after the last bridge delete",
                n, background, percentile(ensure, 50), percentile(ensure, 99),
                percentile(Arrays.copyOfRange(ensure, 0, tenth), 50),
                percentile(Arrays.copyOfRange(ensure, n - tenth, n), 50), (double) ensureProcesses / n,
                percentile(destroy, 50), percentile(destroy, 99),
                percentile(Arrays.copyOfRange(destroy, 0, tenth), 50),
                percentile(Arrays.copyOfRange(destroy, n - tenth, n), 50), (double) destroyProcesses / n,
                settleMillis));
    }

    /**
     * Destroys every reservation and bridge (again: destroy is idempotent), then waits for the kernel to finish
     * deleting what namespace cleanup removes asynchronously. Returns how long that wait took; fails if anything of
     * the prefix is still there after it.
     */
    private static long removeAll(IpNetwork network, String prefix, List<List<NetworkPlan>> all)
            throws InterruptedException {
        Set<String> bridges = new LinkedHashSet<>();
        for (List<NetworkPlan> each : all) {
            for (NetworkPlan plan : each) {
                network.destroy(plan.containerId());
                bridges.add(plan.bridge());
            }
        }
        bridges.forEach(network::destroyBridge);
        long started = System.nanoTime();
        List<String> leaks = KernelLeaks.find(prefix, null);
        while (!leaks.isEmpty() && System.nanoTime() - started < SETTLE_NANOS) {
            Thread.sleep(20);
            leaks = KernelLeaks.find(prefix, null);
        }
        if (!leaks.isEmpty()) {
            throw new IllegalStateException("left in the kernel: " + leaks);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** One /30 per reservation in 10.pool.0.0/16, as the agent's pool hands them out. */
    private static NetworkPlan plan(KernelNames names, int pool, int i) {
        Cidr subnet = Cidr.containing(Ipv4.parse("10." + pool + ".0.0") + 4 * i, 30);
        String id = String.format("%11s", Integer.toString(i, 32)).replace(' ', '0');
        return new NetworkPlan(id, names.namespace(id), names.bridge(subnet), names.hostInterface(id),
                names.containerInterface(id), subnet, Ipv4.format(subnet.network() + 2),
                Ipv4.format(subnet.gateway()), 1400);
    }

    /** A second octet X such that no address or route on this machine lies in 10.X.0.0/16. */
    private static int unusedPool() {
        for (int attempt = 0; attempt < 64; attempt++) {
            int octet = 160 + ThreadLocalRandom.current().nextInt(90);
            String range = "10." + octet + ".0.0/16";
            if (TestKernel.check("ip", "-4", "route", "show", "root", range).isBlank()
                    && TestKernel.check("ip", "-4", "-o", "addr", "show", "to", range).isBlank()
                    && TestKernel.check("ip", "-4", "route", "show", "match", range).lines()
                            .noneMatch(l -> !l.startsWith("default"))) {
                return octet;
            }
        }
        throw new IllegalStateException("no unused /16 in 10.160.0.0-10.249.255.255");
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
