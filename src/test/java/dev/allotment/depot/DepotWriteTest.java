package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotWriteTest {
    private static final String ID = "0123456789a";

    @TempDir
    Path depotDir;

    @Test
    void fullRecordSurvivesWriteAndLoad() {
        DepotRecord full = TestRecords.full(ID, "uid-1", "web");
        assertThat(full).hasNoNullFieldsOrProperties();
        assertThat(full.owner()).hasNoNullFieldsOrProperties();
        assertThat(full.resources()).hasNoNullFieldsOrProperties();
        assertThat(full.resources().rootfs()).hasNoNullFieldsOrProperties();
        assertThat(full.resources().quota()).hasNoNullFieldsOrProperties();

        new Depot(depotDir, TestRecords.CLOCK).create(full);
        LoadResult loaded = new Depot(depotDir, TestRecords.CLOCK).load();

        assertThat(loaded.broken()).isEmpty();
        assertThat(loaded.records()).containsExactly(full);
        assertThat(loaded.records().get(0).spec()).isEqualTo(TestRecords.fullSpec("web"));
    }

    @Test
    void createWritesTheRecordIntoItsEntryDirectory() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);

        depot.create(TestRecords.planned(ID, "uid-1", "web"));

        assertThat(depot.entryDir(ID)).isEqualTo(depotDir.resolve(ID));
        assertThat(depotDir.resolve(ID).resolve("reservation.json")).isRegularFile();
    }

    @Test
    void createRefusesAnExistingEntry() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord first = depot.create(TestRecords.planned(ID, "uid-1", "web"));

        assertThatThrownBy(() -> depot.create(TestRecords.planned(ID, "uid-2", "other")))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("already exists");

        assertThat(new Depot(depotDir, TestRecords.CLOCK).load().records()).containsExactly(first);
        assertThat(depot.byContainerId(ID)).contains(first);
    }

    @Test
    void createRefusesAnExistingBrokenEntry() throws Exception {
        Files.createDirectories(depotDir.resolve(ID));

        assertThatThrownBy(() -> new Depot(depotDir, TestRecords.CLOCK).create(TestRecords.planned(ID, "u", "h")))
                .isInstanceOf(DepotException.class);
        assertThat(depotDir.resolve(ID).resolve("reservation.json")).doesNotExist();
    }

    @Test
    void writeReplacesRecordAtomically() throws Exception {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord planned = depot.create(TestRecords.planned(ID, "uid-1", "web"));

        DepotRecord ready = depot.write(planned.withState(RecordState.READY, TestRecords.LATER));

        assertThat(new Depot(depotDir, TestRecords.CLOCK).load().records()).containsExactly(ready);
        try (Stream<Path> files = Files.list(depotDir.resolve(ID))) {
            assertThat(files).map(p -> p.getFileName().toString()).containsExactly("reservation.json");
        }
    }

    @Test
    void writeRefusesAnEntryThatWasNeverCreated() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);

        assertThatThrownBy(() -> depot.write(TestRecords.planned(ID, "uid-1", "web")))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("create it first");
        assertThat(depotDir.resolve(ID)).doesNotExist();
    }

    @Test
    void missingTimestampsAreTakenFromTheClock() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord unstamped = new DepotRecord(1, ID, new Owner("ns", "n", "uid-1", 1L), "web",
                RecordState.ACQUIRING, null, null, null, null);

        DepotRecord stored = depot.create(unstamped);

        assertThat(stored.createdAt()).isEqualTo(TestRecords.CREATED);
        assertThat(stored.updatedAt()).isEqualTo(TestRecords.CREATED);
        assertThat(depot.byContainerId(ID)).contains(stored);
    }

    @Test
    void recordsThatCouldNotBeLoadedBackAreRefused() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord planned = TestRecords.planned(ID, "uid-1", "web");

        assertThatThrownBy(() -> depot.create(planned.withState(null, TestRecords.LATER)))
                .isInstanceOf(DepotException.class);
        assertThatThrownBy(() -> depot.create(new DepotRecord(2, ID, planned.owner(), "web", RecordState.READY,
                null, null, TestRecords.CREATED, TestRecords.CREATED)))
                .isInstanceOf(DepotException.class);
        assertThat(depotDir.resolve(ID)).doesNotExist();
    }

    @Test
    void containerIdsThatAreNotValidIdsCannotReachThePath() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);

        for (String bad : new String[] {"../../etc", "..", "0123456789", "0123456789w", "0123456789A", "/tmp/abcdefg",
                "", null}) {
            assertThatThrownBy(() -> depot.entryDir(bad)).isInstanceOf(DepotException.class);
            assertThatThrownBy(() -> depot.delete(bad)).isInstanceOf(DepotException.class);
            assertThatThrownBy(() -> depot.create(TestRecords.planned(bad, "u", "h")))
                    .isInstanceOf(DepotException.class);
        }
        assertThat(depotDir).isEmptyDirectory();
    }
}
