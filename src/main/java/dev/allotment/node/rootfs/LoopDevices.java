package dev.allotment.node.rootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Attached loop devices and their backing files, read from /sys/block/loop*&#47;loop/backing_file (no process). */
final class LoopDevices {
    private static final Path SYS_BLOCK = Path.of("/sys/block");
    private static final String DELETED = " (deleted)";

    private LoopDevices() {
    }

    /** "/dev/loopN" to backing file, for every attached loop device. */
    static Map<String, Path> attached() {
        return attached(SYS_BLOCK);
    }

    static Map<String, Path> attached(Path sysBlock) {
        Map<String, Path> devices = new TreeMap<>();
        try (DirectoryStream<Path> loops = Files.newDirectoryStream(sysBlock, "loop*")) {
            for (Path loop : loops) {
                Path backing = loop.resolve("loop").resolve("backing_file");
                String file;
                try {
                    file = Files.readString(backing, StandardCharsets.UTF_8).strip();
                } catch (NoSuchFileException e) {
                    continue; // not attached
                }
                if (file.endsWith(DELETED)) {
                    file = file.substring(0, file.length() - DELETED.length());
                }
                if (!file.isEmpty()) {
                    devices.put("/dev/" + loop.getFileName(), Path.of(file));
                }
            }
        } catch (NoSuchFileException e) {
            return devices;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list loop devices in " + sysBlock, e);
        }
        return devices;
    }

    /** Loop devices whose backing file lies under {@code dir}. */
    static Map<String, Path> backedUnder(Map<String, Path> attached, Path dir) {
        Map<String, Path> under = new TreeMap<>();
        attached.forEach((dev, file) -> {
            if (file.startsWith(dir)) {
                under.put(dev, file);
            }
        });
        return under;
    }

    /** The loop device backed by exactly {@code file}, or null. */
    static String backedBy(Map<String, Path> attached, Path file) {
        return attached.entrySet().stream().filter(e -> e.getValue().equals(file)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
