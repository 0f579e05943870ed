package dev.allotment.node;

import dev.allotment.depot.DepotRecord;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test's own hosts around a node: a dummy link holding the node's "external" IP, and far hosts (network
 * namespaces behind veth pairs) to reach or be denied. Names start with the run's prefix. Test-only.
 */
final class Topology {
    private final ExecCommandRunner runner = new ExecCommandRunner();
    private final String prefix;
    private final Map<String, String> farNamespaces = new LinkedHashMap<>();

    Topology(String prefix) {
        this.prefix = prefix;
    }

    void create(String externalIp, String... farIps) {
        String external = prefix + "ext";
        batch("link add " + external + " type bridge", "addr add " + externalIp + "/32 dev " + external,
                "link set " + external + " up");
        int i = 0;
        for (String farIp : farIps) {
            String netns = prefix + "-far" + i;
            String hostEnd = prefix + "far" + i;
            String gateway = farIp.substring(0, farIp.lastIndexOf('.')) + ".1";
            batch("netns add " + netns, "link add " + hostEnd + " type veth peer name eth0 netns " + netns,
                    "addr add " + gateway + "/30 dev " + hostEnd, "link set " + hostEnd + " up");
            runner.check(Command.of("ip", "-n", netns, "-batch", "-").withStdin(String.join("\n",
                    "addr add " + farIp + "/30 dev eth0", "link set eth0 up", "link set lo up",
                    "route add default via " + gateway) + "\n"));
            farNamespaces.put(farIp, netns);
            i++;
        }
    }

    String farNamespace(String farIp) {
        return farNamespaces.get(farIp);
    }

    boolean owns(String leak) {
        return leak.equals("link " + prefix + "ext") || leak.matches("(netns|link) " + prefix + "-?far\\d+");
    }

    /** What a reboot does behind the agent's back: netns, links, the firewall table and mounts are gone. */
    void wipeKernelStateOf(RealNode node) throws IOException {
        for (DepotRecord record : node.pool.depot().records()) {
            runner.run(Command.of("ip", "netns", "del", record.resources().netns()));
            runner.run(Command.of("ip", "link", "del", record.resources().hostInterface()));
            runner.run(Command.of("ip", "link", "del", record.resources().bridge()));
        }
        runner.run(Command.of("nft", "delete", "table", "inet", node.names.firewallTable()));
        runner.run(Command.of("nft", "delete", "table", "ip", node.names.firewallTable()));
        String depot = node.depot.toString();
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(depot)).sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String mount : mounts) {
            runner.check(Command.of("umount", mount));
        }
        for (String line : runner.check(Command.of("losetup", "-a")).stdout().split("\n")) {
            if (line.contains(depot)) {
                runner.check(Command.of("losetup", "-d", line.substring(0, line.indexOf(':'))));
            }
        }
    }

    void destroy() {
        runner.run(Command.of("ip", "link", "del", prefix + "ext"));
        for (String netns : farNamespaces.values()) {
            runner.run(Command.of("ip", "netns", "del", netns));
        }
        for (int i = 0; i < farNamespaces.size(); i++) {
            runner.run(Command.of("ip", "link", "del", prefix + "far" + i));
        }
    }

    private void batch(String... lines) {
        runner.check(Command.of("ip", "-batch", "-").withStdin(String.join("\n", lines) + "\n"));
    }
}
