package dev.allotment.node.rootfs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What an entry's rootfs was made from, kept in {@code <entryDir>/rootfs.json} when it is first mounted: the URI, the
 * exact layers (base first) and the image env. A later ensure (a restore after a reboot) mounts these same layers over
 * the same writable layer even if the layout has been re-tagged or pruned since, as long as the layers are cached.
 */
record RootfsRecord(String uri, List<RecordedLayer> layers, List<String> env) {
    static final String FILE = "rootfs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    record RecordedLayer(String digest, boolean gzip, long size) {
    }

    RootfsRecord {
        layers = List.copyOf(layers);
        env = List.copyOf(env);
    }

    static RootfsRecord of(String uri, OciLayout.Image image) {
        return new RootfsRecord(uri, image.layers().stream()
                .map(l -> new RecordedLayer(l.digest(), l.gzip(), l.size())).toList(), image.env());
    }

    /** The record of {@code entry}, or null when there is none (or it cannot be read: it is then rewritten). */
    static RootfsRecord read(Path entry) {
        try {
            return JSON.readValue(Files.readAllBytes(entry.resolve(FILE)), RootfsRecord.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    void write(Path entry) throws IOException {
        Path tmp = entry.resolve(FILE + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(this));
        Files.move(tmp, entry.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }
}
