package dev.allotment.depot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * {@code <depotDir>/.port-offset}: where the host port pool's rotation stood, so a restarted agent does not hand out
 * the ports it just released. A missing or unreadable file means "start at the beginning".
 */
public final class PortOffsetFile {
    private final Path file;

    public PortOffsetFile(Path depotDir) {
        this.file = depotDir.resolve(".port-offset");
    }

    public OptionalInt read() {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    public void write(int offset) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.replace(file, Integer.toString(offset).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
