package dev.allotment.node.rootfs;

import dev.allotment.depot.MountTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** This process's mount table, read from /proc/self/mountinfo (no process). */
final class MountInfo {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** One mount: its id, mount point, per-mount options (rw/ro, nosuid...), filesystem type and source. */
    record Mount(int id, Path mountPoint, List<String> options, String fsType, String source) {
        boolean readOnly() {
            return options.contains("ro");
        }
    }

    private MountInfo() {
    }

    static List<Mount> read() {
        try {
            return parse(Files.readString(MOUNTINFO, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    static List<Mount> parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (f.length < 6 || dash < 6 || dash + 2 >= f.length) {
                continue;
            }
            mounts.add(new Mount(Integer.parseInt(f[0]), Path.of(MountTable.unescape(f[4])), List.of(f[5].split(",")),
                    f[dash + 1], MountTable.unescape(f[dash + 2])));
        }
        return mounts;
    }

    /** Mounts at or below {@code dir}, in mount table order (a mount stacked on another comes after it). */
    static List<Mount> under(List<Mount> mounts, Path dir) {
        return mounts.stream().filter(m -> m.mountPoint().startsWith(dir)).toList();
    }

    /** The topmost mount at exactly {@code point}, or null. */
    static Mount at(List<Mount> mounts, Path point) {
        Mount top = null;
        for (Mount m : mounts) {
            if (m.mountPoint().equals(point)) {
                top = m;
            }
        }
        return top;
    }
}
