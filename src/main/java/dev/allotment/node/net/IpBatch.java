package dev.allotment.node.net;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandFailedException;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batch lines as one {@code ip -force -batch -} process, on the host or inside a named namespace. -force runs
 * every line whatever fails before it; a failure raises unless the line tolerates it.
 */
final class IpBatch {
    private static final Logger LOG = LoggerFactory.getLogger(IpBatch.class);

    private final CommandRunner runner;

    IpBatch(CommandRunner runner) {
        this.runner = runner;
    }

    static Command command(String netns, List<BatchLine> lines) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        if (netns != null) {
            argv.addAll(List.of("-n", netns));
        }
        argv.addAll(List.of("-force", "-batch", "-"));
        String script = lines.stream().map(BatchLine::text).collect(Collectors.joining("\n", "", "\n"));
        return Command.of(argv).withStdin(script);
    }

    void applyOnHost(String subject, List<BatchLine> lines) {
        apply(subject, null, lines);
    }

    void applyInNamespace(String subject, String netns, List<BatchLine> lines) {
        apply(subject, netns, lines);
    }

    private void apply(String subject, String netns, List<BatchLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Command command = command(netns, lines);
        CommandResult result;
        try {
            result = runner.run(command);
        } catch (CommandFailedException e) {
            throw new NetworkException(subject + ": " + e.getMessage(), e);
        }
        if (result.succeeded()) {
            return;
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
    }
}
