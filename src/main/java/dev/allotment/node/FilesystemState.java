package dev.allotment.node;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ContainerFilesystem#ensure} made: the mounted rootfs, the layers under it (cache keys, for layer GC),
 * the image's env (empty for {@code dir://}), and the quota backend and its image file (null without a quota).
 */
public record FilesystemState(Path rootfsPath, List<String> layers, List<String> imageEnv, String quotaBackend,
        Path quotaImage) {
    public FilesystemState {
        layers = List.copyOf(layers);
        imageEnv = List.copyOf(imageEnv);
    }
}
