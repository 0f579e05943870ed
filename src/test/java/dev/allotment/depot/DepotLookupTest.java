package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotLookupTest {
    private static final String A = "0000000000a";
    private static final String B = "0000000000b";

    @TempDir
    Path depotDir;

    @Test
    void recordsAreFoundByContainerIdUidAndHandle() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord a = depot.create(TestRecords.planned(A, "uid-a", "web"));
        DepotRecord b = depot.create(TestRecords.planned(B, "uid-b", "db"));

        assertThat(depot.byContainerId(A)).contains(a);
        assertThat(depot.byUid("uid-b")).contains(b);
        assertThat(depot.byHandle("web")).contains(a);
        assertThat(depot.byUid("uid-c")).isEmpty();
        assertThat(depot.byHandle("cache")).isEmpty();
        assertThat(depot.byUid(null)).isEmpty();
        assertThat(depot.byContainerId("not-an-id")).isEmpty();
    }

    @Test
    void lookupsFollowWrites() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord planned = depot.create(TestRecords.planned(A, "uid-a", "web"));

        DepotRecord ready = depot.write(planned.withState(RecordState.READY, TestRecords.LATER)
                .withOwner(new Owner("team-a", "res-web", "uid-a", 2L), TestRecords.LATER));

        assertThat(depot.byUid("uid-a")).contains(ready);
        assertThat(depot.byHandle("web")).contains(ready);
        assertThat(depot.byContainerId(A)).contains(ready);
    }

    @Test
    void lookupsForgetDeletedEntries() {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        depot.create(TestRecords.planned(A, "uid-a", "web"));
        DepotRecord b = depot.create(TestRecords.planned(B, "uid-b", "db"));

        depot.delete(A);

        assertThat(depot.byUid("uid-a")).isEmpty();
        assertThat(depot.byHandle("web")).isEmpty();
        assertThat(depot.byContainerId(A)).isEmpty();
        assertThat(depot.records()).containsExactly(b);
    }

    @Test
    void loadRebuildsTheIndexSortedByContainerId() {
        Depot writer = new Depot(depotDir, TestRecords.CLOCK);
        DepotRecord b = writer.create(TestRecords.planned(B, "uid-b", "db"));
        DepotRecord a = writer.create(TestRecords.planned(A, "uid-a", "web"));

        Depot restarted = new Depot(depotDir, TestRecords.CLOCK);
        assertThat(restarted.records()).isEmpty();
        LoadResult result = restarted.load();

        assertThat(result.records()).containsExactly(a, b);
        assertThat(restarted.records()).containsExactly(a, b);
        assertThat(restarted.byUid("uid-b")).contains(b);
        assertThat(restarted.byHandle("web")).contains(a);
    }
}
