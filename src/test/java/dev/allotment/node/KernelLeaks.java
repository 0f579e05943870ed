package dev.allotment.node;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What of a test run is still in the kernel: privileged tests assert this is empty when they finish. */
public final class KernelLeaks {
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();

    private KernelLeaks() {
    }

    /** Namespaces, links, nft tables, mounts and loop devices carrying {@code prefix} or lying under {@code depot}. */
    public static List<String> find(String prefix, Path depot) {
        List<String> leaks = new ArrayList<>();
        lines(RUNNER.check(Command.of("ip", "netns", "list")).stdout()).stream()
                .map(l -> l.split("\\s+")[0]).filter(n -> n.startsWith(prefix))
                .forEach(n -> leaks.add("netns " + n));
        lines(RUNNER.check(Command.of("ip", "-o", "link", "show")).stdout()).stream()
                .map(l -> l.split(":\\s+")[1].split("@")[0]).filter(n -> n.startsWith(prefix))
                .forEach(n -> leaks.add("link " + n));
        lines(RUNNER.check(Command.of("nft", "list", "tables")).stdout()).stream()
                .filter(l -> l.endsWith("_" + prefix)).forEach(t -> leaks.add("nft " + t));
        if (depot != null) {
            String root = depot.toAbsolutePath().normalize().toString();
            try {
                Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1])
                        .filter(m -> m.startsWith(root)).forEach(m -> leaks.add("mount " + m));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            lines(RUNNER.check(Command.of("losetup", "-a")).stdout()).stream().filter(l -> l.contains(root))
                    .forEach(l -> leaks.add("loop " + l));
        }
        return leaks;
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
