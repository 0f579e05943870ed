package dev.allotment.node.rootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's allowed roots for one kind of host path (rootfs trees and OCI layouts, or bind-mount sources). A path is
 * allowed when its real path, every symlink resolved, lies under the real path of one of the roots: a symlink inside
 * an allowed root that leads out of it does not pass, nor does a configured root that is itself a symlink smuggle
 * anything in beyond its target.
 */
final class AllowedRoots {
    private final List<Path> roots;
    private final String kind;

    AllowedRoots(List<Path> roots, String kind) {
        this.roots = List.copyOf(roots);
        this.kind = kind;
    }

    /**
     * The real path of {@code text}, after checking it is absolute, has no {@code ..} and lies under an allowed root.
     * Forbidden when it is not under one; InvalidSpec when it would be but does not exist.
     */
    Allowed check(String text, String field) {
        List<String> parts = SafeResolver.components(text, field);
        Path lexical = Path.of("/" + String.join("/", parts));
        List<Path> realRoots = realRoots();
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            boolean wouldBeAllowed = roots.stream().anyMatch(r -> lexical.startsWith(r.toAbsolutePath().normalize()))
                    || realRoots.stream().anyMatch(lexical::startsWith);
            if (wouldBeAllowed) {
                throw Refusals.invalid(field + ": " + text + " does not exist on this node");
            }
            throw notAllowed(field, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + lexical, e);
        }
        for (Path root : realRoots) {
            if (real.startsWith(root)) {
                return new Allowed(real, root);
            }
        }
        throw notAllowed(field, text);
    }

    /** A path that passed: its real path and the real allowed root it lies under. */
    record Allowed(Path real, Path root) {
    }

    private List<Path> realRoots() {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    real.add(root.toRealPath());
                }
            } catch (IOException e) {
                // a root that cannot be resolved allows nothing
            }
        }
        return real;
    }

    private RuntimeException notAllowed(String field, String text) {
        return Refusals.forbidden(field + ": " + text + " is not under one of this node's allowed " + kind + " roots "
                + roots);
    }
}
