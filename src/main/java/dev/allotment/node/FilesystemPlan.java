package dev.allotment.node;

import dev.allotment.api.BindMount;
import java.nio.file.Path;
import java.util.List;

/**
 * One reservation's filesystem: its rootfs URI, its disk limits (null when unlimited), its bind mounts, and what goes
 * in the rootfs's /etc files. {@code entryDir} is the reservation's depot directory; everything lives under it.
 */
public record FilesystemPlan(String containerId, Path entryDir, String rootfsUri, Long byteHard, Long inodeHard,
        List<BindMount> bindMounts, String hostname, String ip, long rootUid) {
    public FilesystemPlan {
        bindMounts = List.copyOf(bindMounts);
    }
}
