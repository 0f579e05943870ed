package dev.allotment.node.firewall;

import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.Protocol;
import dev.allotment.node.ContainerRules;
import dev.allotment.node.EgressRule;
import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.KernelNames;
import dev.allotment.node.PortMapping;
import dev.allotment.node.Privileged;
import dev.allotment.node.exec.ExecCommandRunner;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Times the firewall alone: set up, apply N reservations (one NetIn and one NetOut each), remove them, tear down.
 * Prints median and p99 milliseconds per apply, remove and removeSubnet, and the apply median of the first and last
 * tenth, which stay close when apply does not grow with the number of reservations. Needs root; touches only its
 * own freshly prefixed table.
 *
 * <p>{@code java -cp <test classpath> dev.allotment.node.firewall.FirewallBench 1000}
 */
public final class FirewallBench {
    private static final Cidr POOL = Cidr.parse("10.200.0.0/14");
    private static final int MAX = 64_000;

    private FirewallBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        if (n < 1 || n > MAX) {
            throw new IllegalArgumentException("N must be 1-" + MAX + ", one host port each");
        }
        Privileged.Support.requireRoot();
        KernelNames names = new KernelNames(Privileged.Support.uniquePrefix());
        NftFirewall firewall = new NftFirewall(new ExecCommandRunner(), names);
        List<ContainerRules> reservations = IntStream.range(0, n)
                .mapToObj(i -> reservation(names, i)).toList();
        long[] apply = new long[n];
        long[] remove = new long[n];
        long[] removeSubnet = new long[n];
        try {
            firewall.setUp(new FirewallPolicy(List.of("10.0.0.0/8"), List.of("172.16.0.0/12", "192.168.0.0/16")));
            for (int i = 0; i < n; i++) {
                long started = System.nanoTime();
                firewall.apply(reservations.get(i));
                apply[i] = System.nanoTime() - started;
            }
            for (int i = 0; i < n; i++) {
                long started = System.nanoTime();
                firewall.remove(reservations.get(i));
                remove[i] = System.nanoTime() - started;
                started = System.nanoTime();
                firewall.removeSubnet(reservations.get(i).subnet());
                removeSubnet[i] = System.nanoTime() - started;
            }
        } finally {
            firewall.tearDown();
        }
        int tenth = Math.max(1, n / 10);
        System.out.println(String.format(Locale.ROOT,
                "firewall-bench n=%d apply median=%.1fms p99=%.1fms firstTenthMedian=%.1fms lastTenthMedian=%.1fms"
                        + " remove median=%.1fms p99=%.1fms removeSubnet median=%.1fms p99=%.1fms",
                n, percentile(apply, 50), percentile(apply, 99), percentile(Arrays.copyOfRange(apply, 0, tenth), 50),
                percentile(Arrays.copyOfRange(apply, n - tenth, n), 50), percentile(remove, 50),
                percentile(remove, 99), percentile(removeSubnet, 50), percentile(removeSubnet, 99)));
    }

    /** One reservation per /30 of the pool, as the agent's dynamic pool hands them out. */
    private static ContainerRules reservation(KernelNames names, int i) {
        Cidr subnet = Cidr.containing(POOL.network() + 4 * i, 30);
        String id = String.format("%11s", Integer.toString(i, 32)).replace(' ', '0');
        return new ContainerRules(id, subnet, Ipv4.format(subnet.network() + 2), names.bridge(subnet), "10.99.0.1",
                List.of(new PortMapping(1024 + i, 8080, Protocol.TCP)),
                List.of(new EgressRule(NetOutProtocol.TCP, List.of("172.16.1.0/24"), List.of("443"), false)));
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
