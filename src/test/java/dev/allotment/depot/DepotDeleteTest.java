package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotDeleteTest {
    private static final String ID = "0123456789a";

    @TempDir
    Path depotDir;

    @Test
    void deleteRemovesTheEntryAndEverythingInIt() throws IOException {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        depot.create(TestRecords.planned(ID, "uid-1", "web"));
        Path nested = Files.createDirectories(depotDir.resolve(ID).resolve("rootfs/upper/etc"));
        Files.writeString(nested.resolve("hosts"), "127.0.0.1 localhost");

        depot.delete(ID);

        assertThat(depotDir.resolve(ID)).doesNotExist();
        assertThat(new Depot(depotDir, TestRecords.CLOCK).load().records()).isEmpty();
    }

    @Test
    void deleteIsIdempotent() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        depot.create(TestRecords.planned(ID, "uid-1", "web"));

        depot.delete(ID);
        depot.delete(ID);

        assertThat(depotDir.resolve(ID)).doesNotExist();
        assertThat(depot.records()).isEmpty();
    }

    @Test
    void deleteDoesNotFollowASymlinkOutOfTheDepot(@TempDir Path outside) throws IOException {
        Path precious = Files.writeString(outside.resolve("precious"), "host data");
        Path preciousDir = Files.createDirectories(outside.resolve("dir"));
        Files.writeString(preciousDir.resolve("inner"), "host data");
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        depot.create(TestRecords.planned(ID, "uid-1", "web"));
        Files.createSymbolicLink(depotDir.resolve(ID).resolve("file-link"), precious);
        Files.createSymbolicLink(depotDir.resolve(ID).resolve("dir-link"), preciousDir);

        depot.delete(ID);

        assertThat(depotDir.resolve(ID)).doesNotExist();
        assertThat(precious).hasContent("host data");
        assertThat(preciousDir.resolve("inner")).hasContent("host data");
    }

    @Test
    void deleteRefusesADirectoryOnAnotherDeviceAndDeletesNothing() throws IOException {
        Path mounted = depotDir.resolve(ID).resolve("rootfs");
        Depot depot = new Depot(depotDir, TestRecords.CLOCK, path -> path.equals(mounted) ? 2L : 1L, List::of);
        DepotRecord record = depot.create(TestRecords.planned(ID, "uid-1", "web"));
        Files.createDirectories(mounted);
        Path hostFile = Files.writeString(mounted.resolve("host-file"), "host data");
        // Siblings listed before and after the mount point: none may go, whatever order the walk takes.
        List<Path> siblings = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            siblings.add(Files.writeString(depotDir.resolve(ID).resolve("sibling-" + i), "x"));
        }

        assertThatThrownBy(() -> depot.delete(ID))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining(mounted.toString());

        assertThat(hostFile).hasContent("host data");
        assertThat(siblings).allMatch(Files::exists);
        assertThat(depot.byContainerId(ID)).contains(record);
        assertThat(new Depot(depotDir, TestRecords.CLOCK).load().records()).containsExactly(record);
    }

    @Test
    void deleteRefusesAMountPointFromTheMountTable() throws IOException {
        Path bindTarget = depotDir.resolve(ID).resolve("rootfs/data");
        Depot depot = new Depot(depotDir, TestRecords.CLOCK, path -> 1L,
                () -> List.of(Path.of("/proc"), bindTarget.toAbsolutePath()));
        depot.create(TestRecords.planned(ID, "uid-1", "web"));
        Files.createDirectories(bindTarget);
        Path hostFile = Files.writeString(bindTarget.resolve("host-file"), "host data");

        assertThatThrownBy(() -> depot.delete(ID)).isInstanceOf(DepotException.class);

        assertThat(hostFile).hasContent("host data");
        assertThat(depotDir.resolve(ID).resolve("reservation.json")).exists();
    }

    @Test
    void deleteBrokenRemovesAnEntryThatHasNoValidName() throws IOException {
        Path odd = Files.createDirectories(depotDir.resolve("not-an-id"));
        Files.writeString(odd.resolve("junk"), "x");
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        BrokenEntry broken = depot.load().broken().get(0);

        depot.deleteBroken(broken);

        assertThat(odd).doesNotExist();
    }

    @Test
    void deleteBrokenRefusesNamesOutsideTheDepot() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);

        for (String name : new String[] {"..", ".", "a/../..", "tmp", ".hidden", ""}) {
            BrokenEntry forged = new BrokenEntry(name, depotDir.resolve(name), BrokenEntry.Problem.INVALID_NAME,
                    "forged", null);
            assertThatThrownBy(() -> depot.deleteBroken(forged)).isInstanceOf(DepotException.class);
        }
        assertThat(depotDir).exists();
    }

    @Test
    void deleteBrokenRefusesAnEntryThatIsReadableAgain() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        depot.create(TestRecords.planned(ID, "uid-1", "web"));
        BrokenEntry stale = new BrokenEntry(ID, depotDir.resolve(ID), BrokenEntry.Problem.MISSING_RECORD, "stale",
                null);

        assertThatThrownBy(() -> depot.deleteBroken(stale)).isInstanceOf(DepotException.class);
        assertThat(depotDir.resolve(ID)).exists();
    }
}
