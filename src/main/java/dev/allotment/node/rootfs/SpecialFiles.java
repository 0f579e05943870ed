package dev.allotment.node.rootfs;

import java.nio.file.Path;
import java.util.List;

/** The files Java cannot make by itself: overlayfs whiteouts, opaque directories and FIFOs. */
interface SpecialFiles {
    /** An overlayfs whiteout at {@code path}: a character device 0:0. */
    void whiteout(Path path);

    /** Marks each directory opaque to the layers below: {@code trusted.overlay.opaque=y}. */
    void opaque(List<Path> dirs);

    /** A named pipe at {@code path}. */
    void fifo(Path path);
}
