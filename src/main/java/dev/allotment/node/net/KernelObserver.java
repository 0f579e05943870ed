package dev.allotment.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandFailedException;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads kernel network state: one {@code ip -j} process for the host links asked about, one per network namespace
 * asked about, none for the names. Only {@link #hostLinks(String)} lists every link, for the inventory.
 */
final class KernelObserver {
    static final Command HOST_LINKS = Command.of("ip", "-j", "link", "show");
    static final String NAMESPACE_QUERIES = "addr show\nroute show\n";

    private final CommandRunner runner;
    private final Path netnsDir;

    KernelObserver(CommandRunner runner, Path netnsDir) {
        this.runner = runner;
        this.netnsDir = netnsDir;
    }

    /** One {@code addr show dev} line per link; -force so that a missing link does not hide the next. */
    static List<BatchLine> hostQueryLines(List<String> links) {
        return links.stream().map(l -> BatchLine.unlessAbsent("addr", "show", "dev", l)).toList();
    }

    static Command hostQuery(List<BatchLine> lines) {
        return Command.of("ip", "-j", "-force", "-batch", "-")
                .withStdin(lines.stream().map(BatchLine::text).collect(Collectors.joining("\n", "", "\n")));
    }

    Command namespaceQuery(String netns) {
        List<String> argv = new ArrayList<>(IpBatch.inNamespace(netnsDir, netns));
        argv.addAll(List.of("-j", "-batch", "-"));
        return Command.of(argv).withStdin(NAMESPACE_QUERIES);
    }

    /**
     * The named host links, with their addresses and masters; a name that is not a link is left out. Its cost does
     * not depend on how many other links exist (ip asks the kernel for each device by name).
     */
    Links hostLinks(String subject, List<String> links) {
        List<BatchLine> lines = hostQueryLines(links);
        Command query = hostQuery(lines);
        CommandResult result = run(subject, query);
        if (!result.succeeded()) {
            List<BatchFailure> failures = BatchFailure.parse(result.stderr(), lines);
            if (failures.isEmpty() || !failures.stream().allMatch(BatchFailure::tolerated)) {
                throw new NetworkException(subject + ": `" + query + "` exited " + result.exitCode() + ": "
                        + result.stderr().strip());
            }
        }
        Map<String, Link> found = new HashMap<>();
        for (JsonNode array : IpJson.arrays(result.stdout())) {
            found.putAll(IpJson.links(array).byName());
        }
        return new Links(found);
    }

    /** Every host link, without addresses. */
    Links hostLinks(String subject) {
        CommandResult result = run(subject, HOST_LINKS);
        if (!result.succeeded()) {
            throw new NetworkException(subject + ": `" + HOST_LINKS + "` exited " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        List<JsonNode> arrays = IpJson.arrays(result.stdout());
        return arrays.isEmpty() ? Links.NONE : IpJson.links(arrays.get(0));
    }

    NamespaceView namespace(String subject, String netns) {
        if (!namespaceFileExists(netns)) {
            return NamespaceView.ABSENT;
        }
        Command query = namespaceQuery(netns);
        CommandResult result = run(subject, query);
        if (!result.succeeded()) {
            String stderr = result.stderr();
            // nsenter: "cannot open <file>: No such file or directory" / "reassociate to namespace 'ns/net' failed".
            if (stderr.contains("No such file or directory")) {
                return NamespaceView.ABSENT;
            }
            if (stderr.contains("reassociate to namespace")) {
                return NamespaceView.UNUSABLE;
            }
            throw new NetworkException(subject + ": `" + query + "` exited " + result.exitCode() + ": "
                    + stderr.strip());
        }
        List<JsonNode> arrays = IpJson.arrays(result.stdout());
        Links links = arrays.isEmpty() ? Links.NONE : IpJson.links(arrays.get(0));
        List<Route> routes = arrays.size() < 2 ? List.of() : IpJson.routes(arrays.get(1));
        return NamespaceView.present(links, routes);
    }

    boolean namespaceFileExists(String netns) {
        return Files.exists(netnsDir.resolve(netns), LinkOption.NOFOLLOW_LINKS);
    }

    /** The names under the namespace directory ({@code ip netns list} reads the same place). */
    Set<String> namespaceNames() {
        try (Stream<Path> entries = Files.list(netnsDir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toUnmodifiableSet());
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new NetworkException("could not list the network namespaces in " + netnsDir + ": " + e, e);
        }
    }

    private CommandResult run(String subject, Command query) {
        try {
            return runner.run(query);
        } catch (CommandFailedException e) {
            throw new NetworkException(subject + ": " + e.getMessage(), e);
        }
    }
}
