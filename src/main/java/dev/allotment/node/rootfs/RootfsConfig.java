package dev.allotment.node.rootfs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The node's rootfs policy: where rootfs trees and OCI layouts may come from, which host directories may be bind
 * mounted, where unpacked layers are cached, how the writable layer is limited, and which file becomes each rootfs's
 * /etc/resolv.conf ({@code /etc/resolv.conf} when null).
 */
public record RootfsConfig(List<Path> allowedRootfsRoots, List<Path> allowedBindSourceRoots, Path layerCacheDir,
        QuotaBackend quota, Path resolvConfSource) {
    public RootfsConfig {
        allowedRootfsRoots = List.copyOf(allowedRootfsRoots);
        allowedBindSourceRoots = List.copyOf(allowedBindSourceRoots);
        Objects.requireNonNull(layerCacheDir, "layerCacheDir");
        Objects.requireNonNull(quota, "quota");
        if (!layerCacheDir.isAbsolute()) {
            throw new IllegalArgumentException("layerCacheDir must be absolute: " + layerCacheDir);
        }
        resolvConfSource = resolvConfSource == null ? Path.of("/etc/resolv.conf") : resolvConfSource;
    }
}
