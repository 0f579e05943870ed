package dev.allotment.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.NetIn;
import dev.allotment.api.Specs;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Owner;
import dev.allotment.node.AcquireRequest;
import dev.allotment.node.FaultPoint;
import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.RealNode;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code scripts/bench node}: N sequential reservations through our NodePool (network + firewall with one NetIn +
 * dir:// overlay rootfs, without and with a quota) and through Debian's CNI reference plugins (bridge + host-local +
 * portmap + firewall, netns from ip netns add), side by side in one run, each after the same few untimed warm-up
 * cycles. Prints a Markdown table. Our release is timed without the deletion of a freed subnet's bridge, which
 * runs in the background (see SubnetReaper); CNI's DEL leaves its bridge in place.
 */
public final class NodeBench {
    private static final String EXTERNAL_IP = "10.96.9.1";
    private static final int WARMUP = 10;
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();
    private static final String CNI_CONF = """
            {"cniVersion": "1.0.0", "name": "allotment-bench", "plugins": [
              {"type": "bridge", "bridge": "cnibench0", "isGateway": true, "ipMasq": true,
               "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.252.0.0/16"}]], "dataDir": "%s"}},
              {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true},
              {"type": "firewall", "backend": "iptables"}]}""";

    private NodeBench() {
    }

    record Timings(List<Double> acquire, List<Double> release) {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {50, 200} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path work = Files.createTempDirectory("allotment-bench");
        String prefix = "zb" + Integer.toString((int) (Math.random() * 36), 36);
        RUNNER.check(Command.of("ip", "link", "add", prefix + "ext", "type", "bridge"));
        RUNNER.check(Command.of("ip", "addr", "add", EXTERNAL_IP + "/32", "dev", prefix + "ext"));
        RUNNER.check(Command.of("ip", "link", "set", prefix + "ext", "up"));
        StringBuilder table = new StringBuilder("| N | operation | allotment median ms | allotment p99 ms"
                + " | CNI median ms | CNI p99 ms | allotment/CNI (median) |\n|---|---|---|---|---|---|---|\n");
        try {
            for (int n : sizes) {
                Timings plain = ours(prefix, work.resolve("plain-" + n), n, null);
                Timings quota = ours(prefix, work.resolve("quota-" + n), n, 64L << 20);
                Timings cni = cni(work.resolve("cni-" + n), n);
                row(table, n, "acquire / ADD", plain.acquire(), cni.acquire());
                row(table, n, "acquire with 64 MiB quota / ADD", quota.acquire(), cni.acquire());
                row(table, n, "release / DEL", plain.release(), cni.release());
                row(table, n, "release with quota / DEL", quota.release(), cni.release());
            }
        } finally {
            RUNNER.run(Command.of("ip", "link", "del", prefix + "ext"));
            RUNNER.run(Command.of("ip", "link", "del", "cnibench0"));
            CniLeftovers.remove(RUNNER);
            RUNNER.run(Command.of("rm", "-rf", "--one-file-system", work.toString()));
        }
        System.out.print(table);
    }

    private static Timings ours(String prefix, Path work, int n, Long byteHard) throws IOException {
        Path lower = Files.createDirectories(work.resolve("images/base/etc"));
        for (int i = 0; i < 1000; i++) {
            Files.writeString(lower.resolve("file" + i), "x");
        }
        RealNode node = new RealNode(prefix, work, EXTERNAL_IP, new FirewallPolicy(List.of(), List.of("10.98.0.0/16")),
                FaultPoint.NONE);
        node.pool.setUp();
        for (int i = 0; i < WARMUP; i++) {
            node.pool.release(node.pool.acquire(new AcquireRequest(
                    new Owner("bench", "warmup" + i, UUID.randomUUID().toString(), 1L), spec(byteHard))));
        }
        node.awaitCleanup();
        List<Double> acquire = new ArrayList<>();
        List<DepotRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AcquireRequest request = new AcquireRequest(new Owner("bench", "r" + i, UUID.randomUUID().toString(), 1L),
                    spec(byteHard));
            long started = System.nanoTime();
            records.add(node.pool.acquire(request));
            acquire.add(millisSince(started));
        }
        List<Double> release = new ArrayList<>();
        for (DepotRecord record : records) {
            long started = System.nanoTime();
            node.pool.release(record);
            release.add(millisSince(started));
        }
        node.awaitCleanup();
        node.firewall.tearDown();
        return new Timings(acquire, release);
    }

    private static ContainerReservationSpec spec(Long byteHard) {
        ContainerReservationSpec spec = new ContainerReservationSpec();
        spec.setNodeName("bench");
        NetIn netIn = new NetIn();
        netIn.setContainerPort(8080);
        spec.setNetIn(List.of(netIn));
        if (byteHard != null) {
            Specs.withDiskLimit(spec, byteHard);
        }
        return spec;
    }

    private static Timings cni(Path work, int n) throws IOException {
        Files.createDirectories(work);
        CniChain chain = new CniChain(RUNNER, Path.of("/usr/lib/cni"),
                String.format(Locale.ROOT, CNI_CONF, work.resolve("ipam")));
        for (int i = 0; i < WARMUP; i++) {
            RUNNER.check(Command.of("ip", "netns", "add", "cniwarm-" + i));
            JsonNode result = chain.add("cniwarm" + i, "/var/run/netns/cniwarm-" + i, 63000 + i, 8080);
            chain.del("cniwarm" + i, "/var/run/netns/cniwarm-" + i, result, 63000 + i, 8080);
            RUNNER.check(Command.of("ip", "netns", "del", "cniwarm-" + i));
        }
        List<Double> add = new ArrayList<>();
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            RUNNER.check(Command.of("ip", "netns", "add", "cnibench-" + i));
            results.add(chain.add("cnibench" + i, "/var/run/netns/cnibench-" + i, 62000 + i, 8080));
            add.add(millisSince(started));
        }
        List<Double> del = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            chain.del("cnibench" + i, "/var/run/netns/cnibench-" + i, results.get(i), 62000 + i, 8080);
            RUNNER.check(Command.of("ip", "netns", "del", "cnibench-" + i));
            del.add(millisSince(started));
        }
        return new Timings(add, del);
    }

    private static void row(StringBuilder table, int n, String operation, List<Double> ours, List<Double> cni) {
        double oursMedian = percentile(ours, 50);
        double cniMedian = percentile(cni, 50);
        table.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.1f | %.1f | %.2f |%n", n, operation,
                oursMedian, percentile(ours, 99), cniMedian, percentile(cni, 99), oursMedian / cniMedian));
    }

    static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double millisSince(long started) {
        return (System.nanoTime() - started) / 1e6;
    }
}
