package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allotment.depot.BrokenEntry.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotLoadTest {
    private static final String GOOD = "00000000001";
    private static final String BAD = "00000000002";

    @TempDir
    Path depotDir;

    @Test
    void truncatedRecordIsReportedCorruptWithTheOwnerUidItStillHolds() throws IOException {
        String whole = new String(DepotJson.toBytes(TestRecords.full(BAD, "uid-bad", "web")), StandardCharsets.UTF_8);
        writeRecord(BAD, whole.substring(0, whole.indexOf("\"handle\"")));

        BrokenEntry broken = onlyBroken();

        assertThat(broken.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(broken.ownerUid()).isEqualTo("uid-bad");
        assertThat(broken.path()).isEqualTo(depotDir.resolve(BAD));
        assertThat(broken.message()).isNotBlank();
    }

    @Test
    void recordTruncatedInsideTheUidYieldsNoUid() throws IOException {
        writeRecord(BAD, "{\"schemaVersion\":1,\"containerId\":\"" + BAD + "\",\"owner\":{\"uid\":\"uid-b");

        BrokenEntry broken = onlyBroken();

        assertThat(broken.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(broken.ownerUid()).isNull();
    }

    @Test
    void emptyRecordFileIsReportedCorrupt() throws IOException {
        // CNI host-local left empty lease files when a write failed (containernetworking/plugins#498).
        writeRecord(BAD, "");

        BrokenEntry broken = onlyBroken();

        assertThat(broken.problem()).isEqualTo(Problem.CORRUPT);
        assertThat(broken.message()).contains("empty");
    }

    @Test
    void trailingGarbageAfterARecordIsReportedCorrupt() throws IOException {
        writeRecord(BAD, new String(DepotJson.toBytes(TestRecords.planned(BAD, "uid-bad", "web")),
                StandardCharsets.UTF_8) + "}garbage");

        assertThat(onlyBroken().problem()).isEqualTo(Problem.CORRUPT);
    }

    @Test
    void unknownStateIsReportedCorrupt() throws IOException {
        writeRecord(BAD, "{\"schemaVersion\":1,\"containerId\":\"" + BAD + "\",\"state\":\"paused\"}");

        assertThat(onlyBroken().problem()).isEqualTo(Problem.CORRUPT);
    }

    @Test
    void missingRecordFileIsReported() throws IOException {
        Files.createDirectories(depotDir.resolve(BAD));

        BrokenEntry broken = onlyBroken();

        assertThat(broken.problem()).isEqualTo(Problem.MISSING_RECORD);
        assertThat(broken.ownerUid()).isNull();
    }

    @Test
    void unknownSchemaVersionIsReported() throws IOException {
        writeRecord(BAD, "{\"schemaVersion\":2,\"containerId\":\"" + BAD + "\",\"owner\":{\"uid\":\"uid-bad\"}}");

        BrokenEntry broken = onlyBroken();

        assertThat(broken.problem()).isEqualTo(Problem.UNKNOWN_VERSION);
        assertThat(broken.ownerUid()).isEqualTo("uid-bad");
    }

    @Test
    void missingSchemaVersionIsReportedAsUnknown() throws IOException {
        writeRecord(BAD, "{\"containerId\":\"" + BAD + "\",\"state\":\"ready\"}");

        assertThat(onlyBroken().problem()).isEqualTo(Problem.UNKNOWN_VERSION);
    }

    @Test
    void recordForAnotherContainerIdIsReportedMismatched() throws IOException {
        writeRecord(BAD, json(TestRecords.planned(GOOD, "uid-other", "web")));

        BrokenEntry broken = onlyBroken();

        assertThat(broken.problem()).isEqualTo(Problem.MISMATCHED_ID);
        assertThat(broken.containerId()).isEqualTo(BAD);
        assertThat(broken.ownerUid()).isEqualTo("uid-other");
    }

    @Test
    void directoryNameThatIsNotAContainerIdIsReportedInvalid() throws IOException {
        Path odd = Files.createDirectories(depotDir.resolve("not-an-id"));
        Files.writeString(odd.resolve("reservation.json"), json(TestRecords.planned(GOOD, "uid-odd", "web")));

        BrokenEntry broken = onlyBroken();

        assertThat(broken.problem()).isEqualTo(Problem.INVALID_NAME);
        assertThat(broken.containerId()).isEqualTo("not-an-id");
        assertThat(broken.ownerUid()).isEqualTo("uid-odd");
    }

    @Test
    void brokenEntriesDoNotHideGoodOnes() throws IOException {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord good = depot.create(TestRecords.planned(GOOD, "uid-good", "web"));
        writeRecord(BAD, "{");
        Files.createDirectories(depotDir.resolve("zzz"));

        LoadResult result = new Depot(depotDir, TestRecords.CLOCK).load();

        assertThat(result.records()).containsExactly(good);
        assertThat(result.broken()).extracting(BrokenEntry::containerId).containsExactly(BAD, "zzz");
    }

    @Test
    void plainFilesHiddenNamesAndTmpAreSkipped() throws IOException {
        Files.writeString(depotDir.resolve("00000000003"), "a file, not an entry");
        Files.createDirectories(depotDir.resolve(".hidden"));
        Files.createDirectories(depotDir.resolve("tmp"));

        LoadResult result = new Depot(depotDir, TestRecords.CLOCK).load();

        assertThat(result.records()).isEmpty();
        assertThat(result.broken()).isEmpty();
        assertThat(depotDir.resolve("00000000003")).exists();
        assertThat(depotDir.resolve("tmp")).exists();
    }

    @Test
    void symlinkedRecordFileIsNotFollowed(@TempDir Path outside) throws IOException {
        Path elsewhere = Files.writeString(outside.resolve("reservation.json"),
                json(TestRecords.planned(BAD, "uid-elsewhere", "web")));
        Files.createDirectories(depotDir.resolve(BAD));
        Files.createSymbolicLink(depotDir.resolve(BAD).resolve("reservation.json"), elsewhere);

        assertThat(onlyBroken().problem()).isEqualTo(Problem.CORRUPT);
    }

    @Test
    void missingDepotDirectoryLoadsEmptyAndIsCreated() {
        Path absent = depotDir.resolve("depot");

        LoadResult result = new Depot(absent, TestRecords.CLOCK).load();

        assertThat(result.records()).isEmpty();
        assertThat(result.broken()).isEmpty();
        assertThat(absent).isDirectory();
    }

    private BrokenEntry onlyBroken() {
        LoadResult result = new Depot(depotDir, TestRecords.CLOCK).load();
        assertThat(result.records()).isEmpty();
        assertThat(result.broken()).hasSize(1);
        return result.broken().get(0);
    }

    private void writeRecord(String dir, String content) throws IOException {
        Path entry = Files.createDirectories(depotDir.resolve(dir));
        Files.writeString(entry.resolve("reservation.json"), content);
    }

    private static String json(DepotRecord record) {
        return new String(DepotJson.toBytes(record), StandardCharsets.UTF_8);
    }
}
