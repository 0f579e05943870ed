package dev.allotment.node.rootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Records what the extractor asks for instead of making device nodes and trusted xattrs. */
final class RecordingSpecialFiles implements SpecialFiles {
    final List<Path> whiteouts = new ArrayList<>();
    final List<Path> opaque = new ArrayList<>();
    final List<Path> fifos = new ArrayList<>();

    @Override
    public synchronized void whiteout(Path path) {
        whiteouts.add(path);
    }

    @Override
    public synchronized void opaque(List<Path> dirs) {
        opaque.addAll(dirs);
    }

    @Override
    public synchronized void fifo(Path path) {
        fifos.add(path);
        try {
            Files.createFile(path); // stands in for the pipe, so that its mode can be set
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
