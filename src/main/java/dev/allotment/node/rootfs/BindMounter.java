package dev.allotment.node.rootfs;

import dev.allotment.api.BindMount;
import dev.allotment.api.BindMountMode;
import dev.allotment.api.BindMountOrigin;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandRunner;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reservation's bind mounts. A Host source must lie under the node's allowed bind-mount source roots (real paths);
 * a Container source and every destination are resolved inside the rootfs with {@link SafeResolver}. A missing mount
 * point is created (a directory for a directory source, an empty file otherwise), never through a symlink and never
 * on another mount. One {@code mount --bind [-o ro] src dst} process per mount: util-linux makes a read-only bind
 * with a bind and a remount. Mounts go on parents first (by the depth of dstPath), and each is checked in the mount
 * table afterwards.
 */
final class BindMounter {
    private static final Logger LOG = LoggerFactory.getLogger(BindMounter.class);

    private final CommandRunner runner;
    private final AllowedRoots hostRoots;

    BindMounter(CommandRunner runner, AllowedRoots hostRoots) {
        this.runner = runner;
        this.hostRoots = hostRoots;
    }

    /** Everything that can be checked before the rootfs exists: syntax, duplicates, and Host sources. */
    void check(List<BindMount> mounts) {
        Set<String> destinations = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            BindMount m = mounts.get(i);
            String src = field(i, "srcPath");
            String dst = field(i, "dstPath");
            SafeResolver.components(m.getSrcPath(), src);
            List<String> parts = SafeResolver.components(m.getDstPath(), dst);
            if (parts.isEmpty()) {
                throw Refusals.invalid(dst + ": cannot mount over the root of the rootfs");
            }
            if (!destinations.add(String.join("/", parts))) {
                throw Refusals.invalid(dst + ": " + m.getDstPath() + " is the destination of an earlier bind mount");
            }
            if (origin(m) == BindMountOrigin.Host) {
                hostRoots.check(m.getSrcPath(), src);
            }
        }
    }

    /** Mounts whatever is missing; a mount that is there with the wrong mode is remounted. */
    void ensure(String containerId, Path rootfs, Object rootDevice, List<BindMount> mounts) {
        for (int i : parentsFirst(mounts)) {
            BindMount m = mounts.get(i);
            boolean readOnly = readOnly(m);
            Path source = source(rootfs, m, i);
            BasicFileAttributes sourceAttrs = SafeResolver.lstat(source);
            if (sourceAttrs == null) {
                throw Refusals.invalid(field(i, "srcPath") + ": " + m.getSrcPath() + " does not exist");
            }
            SafeResolver.Resolved dst = SafeResolver.resolve(rootfs, m.getDstPath(), field(i, "dstPath"));
            if (dst.components().isEmpty()) {
                throw Refusals.invalid(field(i, "dstPath") + ": " + m.getDstPath() + " resolves to the root of the"
                        + " rootfs");
            }
            MountInfo.Mount current = dst.exists() ? MountInfo.at(MountInfo.read(), dst.path()) : null;
            if (current != null) {
                if (current.readOnly() != readOnly) {
                    runner.check(Command.of("mount", "-o", "remount,bind," + (readOnly ? "ro" : "rw"),
                            dst.path().toString()));
                    LOG.info("bind-remounted containerId={} index={} ro={}", containerId, i, readOnly);
                }
                continue;
            }
            long started = System.nanoTime();
            Path target = SafeResolver.createMissing(dst, sourceAttrs.isDirectory(), rootDevice, field(i, "dstPath"));
            List<String> argv = new ArrayList<>(List.of("mount", "--bind"));
            if (readOnly) {
                argv.addAll(List.of("-o", "ro"));
            }
            argv.add(source.toString());
            argv.add(target.toString());
            runner.check(Command.of(argv));
            MountInfo.Mount made = MountInfo.at(MountInfo.read(), target);
            if (made == null || made.readOnly() != readOnly) {
                throw new IllegalStateException("bind mount " + i + " did not land read-" + (readOnly ? "only" : "write")
                        + " at " + target);
            }
            LOG.info("bind-mounted containerId={} index={} origin={} ro={} ms={}", containerId, i, origin(m),
                    readOnly, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** True when every bind mount is mounted where its destination resolves, with its mode. Reads only. */
    boolean intact(Path rootfs, List<BindMount> mounts, List<MountInfo.Mount> table) {
        for (int i = 0; i < mounts.size(); i++) {
            SafeResolver.Resolved dst;
            try {
                dst = SafeResolver.resolve(rootfs, mounts.get(i).getDstPath(), field(i, "dstPath"));
            } catch (RuntimeException e) {
                return false;
            }
            MountInfo.Mount m = MountInfo.at(table, dst.path());
            if (!dst.exists() || m == null || dst.components().isEmpty() || m.readOnly() != readOnly(mounts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Path source(Path rootfs, BindMount m, int i) {
        if (origin(m) == BindMountOrigin.Host) {
            return hostRoots.check(m.getSrcPath(), field(i, "srcPath")).real();
        }
        SafeResolver.Resolved src = SafeResolver.resolve(rootfs, m.getSrcPath(), field(i, "srcPath"));
        if (!src.exists()) {
            throw Refusals.invalid(field(i, "srcPath") + ": " + m.getSrcPath() + " does not exist in the rootfs");
        }
        return src.path();
    }

    private static List<Integer> parentsFirst(List<BindMount> mounts) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> SafeResolver.components(mounts.get(i).getDstPath(), "dstPath").size()));
        return order;
    }

    private static BindMountOrigin origin(BindMount m) {
        return m.getOrigin() == null ? BindMountOrigin.Host : m.getOrigin();
    }

    private static boolean readOnly(BindMount m) {
        return m.getMode() != BindMountMode.RW;
    }

    static String field(int i, String name) {
        return "spec.bindMounts[" + i + "]." + name;
    }
}
