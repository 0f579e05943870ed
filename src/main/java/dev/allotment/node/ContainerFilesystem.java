package dev.allotment.node;

import java.nio.file.Path;
import java.util.Set;

/** Rootfs, disk quota, bind mounts and /etc files of reservations. No shell anywhere; no path escapes its root. */
public interface ContainerFilesystem {
    /**
     * Refuses, before anything is changed, a rootfs outside the node's allowed roots, a missing or corrupt image, and
     * bind mounts whose source is not allowed or whose destination would escape the rootfs. Throws
     * {@link dev.allotment.api.ReservationException} with reason Forbidden or InvalidSpec.
     */
    void check(FilesystemPlan plan);

    /**
     * Creates whatever is missing: the quota-limited writable layer, the overlay rootfs, the bind mounts and (on first
     * creation only) /etc/hostname, /etc/hosts and /etc/resolv.conf. Idempotent; after a reboot it remounts
     * everything without losing the writable layer.
     */
    FilesystemState ensure(FilesystemPlan plan);

    /** True when the rootfs, quota and bind mounts of the plan are all mounted. */
    boolean isIntact(FilesystemPlan plan);

    /** Grows the disk limit in place. */
    void grow(FilesystemPlan plan, long newByteHard);

    /**
     * Unmounts everything under the entry directory (deepest first), detaches loop devices backed by files under it and
     * releases the quota. Needs no record, so broken entries can be released too. Idempotent. Leaves the directory to
     * the depot.
     */
    void destroy(String containerId, Path entryDir);

    /** Mount points and loop devices under {@code depotDir} that exist now. */
    Inventory inventory(Path depotDir);

    /** Removes cached image layers that none of {@code layersInUse} names; returns how many were removed. */
    int collectLayers(Set<String> layersInUse);

    record Inventory(Set<Path> mounts, Set<String> loopDevices) {
    }
}
