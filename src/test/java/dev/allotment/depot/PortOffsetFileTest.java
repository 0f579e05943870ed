package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortOffsetFileTest {
    @TempDir
    Path depot;

    @Test
    void roundTripsTheOffset() {
        new PortOffsetFile(depot).write(60042);
        assertThat(new PortOffsetFile(depot).read()).hasValue(60042);
    }

    @Test
    void aMissingOrCorruptFileMeansStartFromTheBeginning() throws IOException {
        assertThat(new PortOffsetFile(depot).read()).isEmpty();
        Files.writeString(depot.resolve(".port-offset"), "60x");
        assertThat(new PortOffsetFile(depot).read()).isEmpty();
    }
}
