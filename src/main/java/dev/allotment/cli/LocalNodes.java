package dev.allotment.cli;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The on-disk and kernel layout of {@code allotment local}: per node a depot, a layer cache, its own subnet and port
 * ranges (so simulated nodes on one machine never collide), and a link holding its "external" IP; one shared rootfs
 * tree and the bind-mount source the samples use.
 */
final class LocalNodes {
    static final int MAX_NODES = 60;
    static final Path BIND_SOURCES = Path.of("/var/lib/allotment-local");

    private final Path state;
    private final ExecCommandRunner runner = new ExecCommandRunner();

    LocalNodes(Path state) {
        this.state = state;
    }

    void prepare(int nodes) throws IOException {
        Path base = Files.createDirectories(state.resolve("rootfs/base"));
        Files.createDirectories(base.resolve("etc"));
        Files.createDirectories(base.resolve("data"));
        Path busybox = Path.of("/usr/bin/busybox");
        if (Files.isExecutable(busybox) && !Files.exists(base.resolve("bin/busybox"))) {
            Files.createDirectories(base.resolve("bin"));
            Files.copy(busybox, base.resolve("bin/busybox"));
            Files.createSymbolicLink(base.resolve("bin/sh"), Path.of("busybox"));
        }
        Files.createDirectories(BIND_SOURCES.resolve("shared"));
        for (int i = 1; i <= nodes; i++) {
            String link = externalLink(i);
            runner.run(Command.of("ip", "link", "add", link, "type", "bridge"));
            runner.run(Command.of("ip", "addr", "add", externalIp(i) + "/32", "dev", link));
            runner.check(Command.of("ip", "link", "set", link, "up"));
        }
    }

    void removeLinks(int nodes) {
        for (int i = 1; i <= nodes; i++) {
            runner.run(Command.of("ip", "link", "del", externalLink(i)));
        }
    }

    String config(int node) {
        int block = 4 * (node - 1);
        return String.format(Locale.ROOT, """
                nodeName: node-%1$d
                depotDir: %2$s/node-%1$d/depot
                layerCacheDir: %2$s/node-%1$d/layers
                prefix: l
                tag: "%1$d"
                externalIp: %3$s
                pool:
                  cidr: 10.254.%4$d.0/22
                  staticRanges: [10.253.%4$d.0/22]
                  portRange: {start: %5$d, size: 1000}
                denyNetworks: [169.254.169.254]
                allowedRootfsRoots: [%2$s/rootfs]
                defaultRootfs: dir://%2$s/rootfs/base
                allowedBindMountSources: [%6$s]
                gc: {interval: 30s, grace: 5s}
                nodeSelection: client
                """, node, state, externalIp(node), block, 60000 + 1000 * (node - 1), BIND_SOURCES);
    }

    private static String externalLink(int node) {
        return "l" + node + "ext";
    }

    private static String externalIp(int node) {
        return "10.96." + node + ".1";
    }
}
