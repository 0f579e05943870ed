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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads kernel network state: one {@code ip -j} process per network namespace asked about, none for the names. */
final class KernelObserver {
    static final Command HOST_ADDRESSES = Command.of("ip", "-j", "addr", "show");
    static final Command HOST_LINKS = Command.of("ip", "-j", "link", "show");
    static final String NAMESPACE_QUERIES = "addr show\nroute show\n";

    private final CommandRunner runner;
    private final Path netnsDir;

    KernelObserver(CommandRunner runner, Path netnsDir) {
        this.runner = runner;
        this.netnsDir = netnsDir;
    }

    static Command namespaceQuery(String netns) {
        return Command.of("ip", "-n", netns, "-j", "-batch", "-").withStdin(NAMESPACE_QUERIES);
    }

    /** The host's links with their addresses and masters. */
    Links hostAddresses(String subject) {
        return hostLinks(subject, HOST_ADDRESSES);
    }

    /** The host's links, without addresses. */
    Links hostLinks(String subject) {
        return hostLinks(subject, HOST_LINKS);
    }

    NamespaceView namespace(String subject, String netns) {
        if (!namespaceFileExists(netns)) {
            return NamespaceView.ABSENT;
        }
        Command query = namespaceQuery(netns);
        CommandResult result = run(subject, query);
        if (!result.succeeded()) {
            String stderr = result.stderr();
            if (stderr.contains("No such file or directory")) {
                return NamespaceView.ABSENT;
            }
            if (stderr.contains("setting the network namespace")) {
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

    private Links hostLinks(String subject, Command query) {
        CommandResult result = run(subject, query);
        if (!result.succeeded()) {
            throw new NetworkException(subject + ": `" + query + "` exited " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        List<JsonNode> arrays = IpJson.arrays(result.stdout());
        return arrays.isEmpty() ? Links.NONE : IpJson.links(arrays.get(0));
    }

    private CommandResult run(String subject, Command query) {
        try {
            return runner.run(query);
        } catch (CommandFailedException e) {
            throw new NetworkException(subject + ": " + e.getMessage(), e);
        }
    }
}
