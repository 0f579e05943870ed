package dev.allotment.depot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash leaves either the old content or the new, never a mix or an empty file:
 * temp file in the same directory, fsync, rename, fsync of the directory. The rename is the commit point.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".tmp";
    }

    static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, tempPrefix(target), "");
        boolean committed = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } finally {
            if (!committed) {
                deleteQuietly(temp);
            }
        }
        syncDirectory(dir);
    }

    // A temp file that survives is harmless: load deletes it and never reads it.
    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // see above
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
