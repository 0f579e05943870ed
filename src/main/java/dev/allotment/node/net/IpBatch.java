package dev.allotment.node.net;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandFailedException;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.CommandRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batch lines as one {@code ip -force -batch -} process, on the host or inside a named namespace. -force runs
 * every line whatever fails before it; a failure raises unless the line tolerates it.
 *
 * <p>Inside a namespace the process is {@code nsenter --net=<file> ip ...}, not {@code ip -n}: ip -n also unshares
 * the mount namespace and remounts /sys, which copies every mount of the agent (two or more per reservation) and so
 * grows with the number of reservations (measured: 2.0 ms with no other namespace, 3.7 ms with 1000); nsenter only
 * enters the network namespace (2.5 ms either way). Batches use netlink only, so they need no /sys of their own.
 */
final class IpBatch {
    private static final Logger LOG = LoggerFactory.getLogger(IpBatch.class);

    private final CommandRunner runner;
    private final Path netnsDir;

    IpBatch(CommandRunner runner, Path netnsDir) {
        this.runner = runner;
        this.netnsDir = netnsDir;
    }

    /** The argv prefix that runs ip inside the named namespace. */
    static List<String> inNamespace(Path netnsDir, String netns) {
        return List.of("nsenter", "--net=" + netnsDir.resolve(netns), "ip");
    }

    Command command(String netns, List<BatchLine> lines) {
        List<String> argv = new ArrayList<>(netns == null ? List.of("ip") : inNamespace(netnsDir, netns));
        argv.addAll(List.of("-force", "-batch", "-"));
        String script = lines.stream().map(BatchLine::text).collect(Collectors.joining("\n", "", "\n"));
        return Command.of(argv).withStdin(script);
    }

    /** Returns the failures the lines tolerated (in line order); raises on any other. */
    List<BatchFailure> applyOnHost(String subject, List<BatchLine> lines) {
        return apply(subject, null, lines);
    }

    List<BatchFailure> applyInNamespace(String subject, String netns, List<BatchLine> lines) {
        return apply(subject, netns, lines);
    }

    private List<BatchFailure> apply(String subject, String netns, List<BatchLine> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        Command command = command(netns, lines);
        CommandResult result;
        try {
            result = runner.run(command);
        } catch (CommandFailedException e) {
            throw new NetworkException(subject + ": " + e.getMessage(), e);
        }
        if (result.succeeded()) {
            return List.of();
        }
        List<BatchFailure> failures = BatchFailure.parse(result.stderr(), lines);
        if (failures.isEmpty()) {
            throw new NetworkException(subject + ": `" + command + "` exited " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        List<BatchFailure> fatal = failures.stream().filter(f -> !f.tolerated()).toList();
        if (!fatal.isEmpty()) {
            throw new NetworkException(subject + (netns == null ? "" : " in netns " + netns) + ": "
                    + fatal.stream().map(BatchFailure::describe).collect(Collectors.joining("; ")));
        }
        failures.forEach(f -> LOG.debug("ip-batch-line-tolerated subject=\"{}\" line=\"{}\" error=\"{}\"", subject,
                f.line().text(), f.message()));
        return failures;
    }
}
