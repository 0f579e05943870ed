package dev.allotment.node.rootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path from a reservation inside a root directory the way a process chrooted there would see it, without
 * ever leaving the root: the walk goes one component at a time with NOFOLLOW_LINKS; a symlink is read and its target
 * is walked in turn, an absolute target from the root itself; a {@code ..} that would climb above the root, and a
 * {@code ..} written in the reservation's own text, are refused; after {@value #MAX_HOPS} symlinks it gives up.
 * Missing components are created one by one, each after checking what is there, so a symlink is never followed by a
 * create either.
 */
final class SafeResolver {
    static final int MAX_HOPS = 40;

    /**
     * Where a path resolved to: {@code components} under {@code root}, all free of symlinks; those from index
     * {@code existing} on do not exist yet.
     */
    record Resolved(Path root, List<String> components, int existing) {
        Path path() {
            Path p = root;
            for (String c : components) {
                p = p.resolve(c);
            }
            return p;
        }

        boolean exists() {
            return existing == components.size();
        }

        /** The path inside the root, as the container would name it. */
        String inside() {
            return "/" + String.join("/", components);
        }
    }

    private SafeResolver() {
    }

    /**
     * The components of an absolute path written in a reservation: refuses a relative path, a {@code ..} segment and a
     * NUL byte, drops empty and {@code .} segments.
     */
    static List<String> components(String path, String field) {
        if (path == null || path.isEmpty()) {
            throw Refusals.invalid(field + ": must not be empty");
        }
        if (!path.startsWith("/")) {
            throw Refusals.invalid(field + ": " + path + " must be an absolute path");
        }
        if (path.indexOf('\0') >= 0) {
            throw Refusals.invalid(field + ": must not contain a NUL byte");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw Refusals.invalid(field + ": " + path + " must not contain a '..' segment");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /**
     * Resolves {@code path} inside {@code root}, which must be an absolute path free of symlinks. Throws InvalidSpec
     * naming {@code field} when the path escapes the root, loops, or runs through something that is not a directory.
     */
    static Resolved resolve(Path root, String path, String field) {
        Deque<String> pending = new ArrayDeque<>(components(path, field));
        List<String> done = new ArrayList<>();
        int hops = 0;
        boolean missing = false;
        int existing = 0;
        while (!pending.isEmpty()) {
            String c = pending.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) { // only ever from a symlink's target
                if (done.isEmpty()) {
                    throw Refusals.invalid(field + ": " + path + " escapes the rootfs (a symlink climbs above its"
                            + " root)");
                }
                if (missing) { // the kernel would fail here too: '..' of a directory that does not exist
                    throw Refusals.invalid(field + ": " + path + " runs through a symlink to a missing directory");
                }
                done.remove(done.size() - 1);
                continue;
            }
            if (missing) {
                done.add(c);
                continue;
            }
            Path candidate = join(root, done).resolve(c);
            BasicFileAttributes attrs = lstat(candidate);
            if (attrs == null) {
                missing = true;
                existing = done.size();
                done.add(c);
                continue;
            }
            if (attrs.isSymbolicLink()) {
                if (++hops > MAX_HOPS) {
                    throw Refusals.invalid(field + ": " + path + " has too many levels of symbolic links");
                }
                String target = readLink(candidate);
                if (target.isEmpty() || target.indexOf('\0') >= 0) {
                    throw Refusals.invalid(field + ": " + path + " runs through a broken symlink");
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = Arrays.asList(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                continue;
            }
            if (!attrs.isDirectory() && hasMore(pending)) {
                throw Refusals.invalid(field + ": " + path + " runs through /" + String.join("/", done)
                        + (done.isEmpty() ? "" : "/") + c + ", which is not a directory");
            }
            done.add(c);
        }
        return new Resolved(root, List.copyOf(done), missing ? existing : done.size());
    }

    /**
     * Creates what is missing of a resolved path: directories for every missing parent, and a directory or an empty
     * file at the end. Each component is checked before it is created or entered: a symlink appearing there is
     * refused, never followed. A component may only be created on {@code device} (the root's own filesystem), so a
     * mount point is never created through another mount, such as a bind-mounted host directory.
     */
    static Path createMissing(Resolved resolved, boolean directory, Object device, String field) {
        Path p = resolved.root();
        List<String> components = resolved.components();
        try {
            for (int i = 0; i < components.size(); i++) {
                Path parent = p;
                p = p.resolve(components.get(i));
                boolean last = i == components.size() - 1;
                BasicFileAttributes attrs = lstat(p);
                if (attrs == null) {
                    Object parentDevice = Files.getAttribute(parent, "unix:dev", LinkOption.NOFOLLOW_LINKS);
                    if (device != null && !device.equals(parentDevice)) {
                        throw Refusals.invalid(field + ": cannot create " + resolved.inside()
                                + " because its parent is on another mount");
                    }
                    try {
                        if (last && !directory) {
                            Files.createFile(p); // O_CREAT|O_EXCL: never through a symlink
                        } else {
                            Files.createDirectory(p); // mkdir(2): never through a symlink
                        }
                        continue;
                    } catch (FileAlreadyExistsException raced) {
                        attrs = lstat(p);
                        if (attrs == null) {
                            throw Refusals.invalid(field + ": " + resolved.inside() + " changed while it was created");
                        }
                    }
                }
                if (attrs.isSymbolicLink()) {
                    throw Refusals.invalid(field + ": " + resolved.inside() + " changed into a symlink while it was"
                            + " resolved");
                }
                if (!last && !attrs.isDirectory()) {
                    throw Refusals.invalid(field + ": " + resolved.inside() + " runs through a non-directory");
                }
                if (last && directory && !attrs.isDirectory()) {
                    throw Refusals.invalid(field + ": " + resolved.inside() + " exists and is not a directory, but"
                            + " the source is one");
                }
                if (last && !directory && attrs.isDirectory()) {
                    throw Refusals.invalid(field + ": " + resolved.inside() + " is a directory, but the source is"
                            + " a file");
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p, e);
        }
    }

    static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + p, e);
        }
    }

    private static boolean hasMore(Deque<String> pending) {
        return pending.stream().anyMatch(c -> !c.isEmpty() && !c.equals("."));
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read symlink " + p, e);
        }
    }

    private static Path join(Path root, List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }
}
