package dev.allotment.node.rootfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes /etc/hostname, /etc/hosts and /etc/resolv.conf into a freshly mounted rootfs. /etc is resolved inside the
 * rootfs like any reservation path; each file is written to a new temporary file in that directory and renamed over
 * the old name, so a symlink the image planted there is replaced, never written through.
 */
final class EtcFiles {
    private EtcFiles() {
    }

    static void write(Path rootfs, Object rootDevice, String hostname, String ip, Path resolvSource)
            throws IOException {
        SafeResolver.Resolved etc = SafeResolver.resolve(rootfs, "/etc", "rootfs /etc");
        Path dir = SafeResolver.createMissing(etc, true, rootDevice, "rootfs /etc");
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (hostname != null) {
            files.put("hostname", (hostname + "\n").getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (ip != null && hostname != null) {
            hosts.append(ip).append('\t').append(hostname).append('\n');
        }
        files.put("hosts", hosts.toString().getBytes(StandardCharsets.UTF_8));
        try {
            files.put("resolv.conf", Files.readAllBytes(resolvSource));
        } catch (NoSuchFileException e) {
            // no resolver configured on the host: keep whatever the image has
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            replace(dir, file.getKey(), file.getValue());
        }
    }

    private static void replace(Path dir, String name, byte[] content) throws IOException {
        Path target = dir.resolve(name);
        BasicFileAttributes existing = SafeResolver.lstat(target);
        if (existing != null && existing.isDirectory()) {
            throw Refusals.invalid("spec.rootfs: the image's /etc/" + name + " is a directory");
        }
        Path tmp = dir.resolve(".allotment-" + name + "-" + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(content);
            }
            Files.setAttribute(tmp, "unix:mode", 0644, LinkOption.NOFOLLOW_LINKS);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces a symlink, never follows it
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
