package dev.allotment.node.net;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.ExecCommandRunner;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Direct kernel access for privileged tests, independent of the code under test. */
final class TestKernel {
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();

    private TestKernel() {
    }

    static CommandResult run(String... argv) {
        return RUNNER.run(Command.of(argv));
    }

    static String check(String... argv) {
        return RUNNER.check(Command.of(argv)).stdout();
    }

    /** Sends one ping from inside {@code netns}: only to addresses the test itself put on its links. */
    static boolean pings(String netns, String address) {
        return run("ip", "netns", "exec", netns, "ping", "-c1", "-W1", address).succeeded();
    }

    /** A third octet for 10.253.X.0/24 that no address or route on this machine uses yet. */
    static int unusedOctet() {
        for (int attempt = 0; attempt < 64; attempt++) {
            int octet = ThreadLocalRandom.current().nextInt(256);
            String range = "10.253." + octet + ".0/24";
            if (check("ip", "-4", "route", "show", "root", range).isBlank()
                    && check("ip", "-4", "-o", "addr", "show", "to", range).isBlank()) {
                return octet;
            }
        }
        throw new IllegalStateException("no unused /24 in 10.253.0.0/16");
    }

    /** Deletes every link and namespace named with {@code prefix}: links first, as they go synchronously. */
    static void removeEverything(String prefix) {
        for (String line : lines(check("ip", "-o", "link", "show"))) {
            String name = line.split(":\\s+")[1].split("@")[0];
            if (name.startsWith(prefix)) {
                run("ip", "link", "del", name);
            }
        }
        for (String line : lines(check("ip", "netns", "list"))) {
            String name = line.split("\\s+")[0];
            if (name.startsWith(prefix)) {
                run("ip", "netns", "del", name);
            }
        }
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
    }
}
