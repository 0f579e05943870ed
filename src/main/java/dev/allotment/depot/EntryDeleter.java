package dev.allotment.depot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Deletes an entry directory tree without following symlinks and without ever crossing into another mount:
 * a mount left under an entry may be a bind-mounted host directory. The whole tree is checked before anything
 * is deleted, and the record file goes last, so a refused or failed delete keeps the record for a retry.
 */
final class EntryDeleter {
    private final ToLongFunction<Path> deviceOf;
    private final Supplier<List<Path>> mountPoints;

    EntryDeleter(ToLongFunction<Path> deviceOf, Supplier<List<Path>> mountPoints) {
        this.deviceOf = deviceOf;
        this.mountPoints = mountPoints;
    }

    static long unixDevice(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException e) {
            throw new DepotException("cannot read the device of " + path, e);
        }
    }

    /** Returns false if there was nothing to delete. */
    boolean delete(Path entry, String recordFile) throws IOException {
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(entry); // a symlink or file in the entry's place: remove the name, never its target
            return true;
        }
        refuseMountPointsWithin(entry);
        long device = deviceOf.applyAsLong(entry);
        Files.walkFileTree(entry, new SameDeviceCheck(device));
        Path record = entry.resolve(recordFile);
        Files.walkFileTree(entry, new Deletion(entry, record, device));
        Files.deleteIfExists(record);
        Files.delete(entry);
        return true;
    }

    private void refuseMountPointsWithin(Path entry) throws IOException {
        Path real = entry.toRealPath();
        for (Path mountPoint : mountPoints.get()) {
            if (mountPoint.startsWith(real)) {
                throw new DepotException("refusing to delete " + entry + ": " + mountPoint
                        + " is a mount point inside it; unmount it first");
            }
        }
    }

    private class SameDeviceCheck extends SimpleFileVisitor<Path> {
        private final long device;

        SameDeviceCheck(long device) {
            this.device = device;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            long dirDevice = deviceOf.applyAsLong(dir);
            if (dirDevice != device) {
                throw new DepotException("refusing to delete through " + dir + ": it is on device " + dirDevice
                        + ", not " + device + " like its entry; unmount it first");
            }
            return FileVisitResult.CONTINUE;
        }
    }

    private final class Deletion extends SameDeviceCheck {
        private final Path entry;
        private final Path record;

        Deletion(Path entry, Path record, long device) {
            super(device);
            this.entry = entry;
            this.record = record;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (!file.equals(record)) {
                Files.delete(file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (!dir.equals(entry)) {
                Files.delete(dir);
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
