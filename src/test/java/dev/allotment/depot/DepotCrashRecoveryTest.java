package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allotment.depot.BrokenEntry.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test lays out the files a write leaves when the process dies at one point, then restarts the depot. */
class DepotCrashRecoveryTest {
    private static final String ID = "0123456789a";

    @TempDir
    Path depotDir;

    @Test
    void leftoverTempFileFromInterruptedWriteIsIgnoredAndCleaned() throws IOException {
        DepotRecord old = new Depot(depotDir, TestRecords.CLOCK).create(TestRecords.planned(ID, "uid-1", "web"));
        byte[] next = DepotJson.toBytes(old.withState(RecordState.READY, TestRecords.LATER));
        Files.write(tempBeside(), Arrays.copyOf(next, next.length / 2));

        LoadResult result = new Depot(depotDir, TestRecords.CLOCK).load();

        assertThat(result.records()).containsExactly(old);
        assertThat(result.broken()).isEmpty();
        assertThat(entryFiles()).containsExactly("reservation.json");
    }

    @Test
    void crashBeforeTheFirstRenameLeavesAMissingRecordAndNoTemp() throws IOException {
        Files.createDirectories(depotDir.resolve(ID));
        Files.write(tempBeside(), DepotJson.toBytes(TestRecords.planned(ID, "uid-1", "web")));

        LoadResult result = new Depot(depotDir, TestRecords.CLOCK).load();

        assertThat(result.records()).isEmpty();
        assertThat(result.broken()).singleElement()
                .extracting(BrokenEntry::problem).isEqualTo(Problem.MISSING_RECORD);
        assertThat(entryFiles()).isEmpty();
    }

    @Test
    void completeTempFileThatWasNeverRenamedIsNotPromoted() throws IOException {
        DepotRecord old = new Depot(depotDir, TestRecords.CLOCK).create(TestRecords.planned(ID, "uid-1", "web"));
        Files.write(tempBeside(), DepotJson.toBytes(old.withState(RecordState.READY, TestRecords.LATER)));

        LoadResult result = new Depot(depotDir, TestRecords.CLOCK).load();

        // The rename is the commit point: an unrenamed temp was never committed, and its fsync may not have finished.
        assertThat(result.records()).containsExactly(old);
        assertThat(entryFiles()).containsExactly("reservation.json");
    }

    @Test
    void crashAfterCreatingTheDirectoryLeavesAMissingRecord() throws IOException {
        Files.createDirectories(depotDir.resolve(ID));

        LoadResult result = new Depot(depotDir, TestRecords.CLOCK).load();

        assertThat(result.broken()).singleElement()
                .extracting(BrokenEntry::problem).isEqualTo(Problem.MISSING_RECORD);
    }

    private Path tempBeside() {
        return depotDir.resolve(ID).resolve(".reservation.json.tmp4711");
    }

    private java.util.List<String> entryFiles() throws IOException {
        try (Stream<Path> files = Files.list(depotDir.resolve(ID))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
