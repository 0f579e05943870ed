package dev.allotment.node.rootfs;

import java.nio.file.Path;
import java.util.Set;

/**
 * Limits a reservation's writable layer. It decides where the overlay's upper and work directories live, makes them
 * (again, after a reboot) and enforces byteHard and inodeHard there. Everything it makes lies under the entry dir.
 */
public interface QuotaBackend {
    /** Recorded in {@link dev.allotment.node.FilesystemState#quotaBackend()}. */
    String name();

    /**
     * Makes the limited writable area, or re-attaches the existing one without losing its data; never shrinks it.
     * A byteHard of 0 keeps the existing area's limit. Idempotent.
     */
    WritableLayer ensure(String containerId, Path entryDir, long byteHard, Long inodeHard);

    /** True when the writable area is attached, judged from the mount points that exist now. */
    boolean isIntact(Path entryDir, Set<Path> mountPoints);

    /**
     * Raises byteHard in place. Refuses (InvalidSpec) to shrink. Throws {@link NeedsUnmount} when it can only grow
     * the writable area while nothing is mounted on it; the caller then unmounts everything and calls it again.
     */
    void grow(String containerId, Path entryDir, long newByteHard);

    /**
     * Releases what the backend holds outside the entry dir, once everything under it is unmounted and its loop devices
     * are detached. Idempotent, and a no-op for an entry it never set up.
     */
    void release(String containerId, Path entryDir);

    /** The writable area can only grow while it is not mounted. */
    final class NeedsUnmount extends RuntimeException {
        public NeedsUnmount(String message) {
            super(message);
        }
    }

    /** Where the overlay's upper and work directories are, and the backend's image file (null when it has none). */
    record WritableLayer(Path upper, Path work, Path image) {
    }
}
