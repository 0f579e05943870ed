package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotConcurrencyTest {
    @TempDir
    Path depotDir;

    @Test
    void concurrentCreatesWritesAndDeletesLeaveTheIndexEqualToTheDisk() throws Exception {
        Depot depot = new Depot(depotDir, TestRecords.CLOCK);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format("%011d", i);
            boolean keep = i % 4 != 0;
            tasks.add(() -> {
                DepotRecord planned = depot.create(TestRecords.planned(id, "uid-" + id, "h-" + id));
                depot.write(planned.withState(RecordState.READY, TestRecords.LATER));
                if (!keep) {
                    depot.delete(id);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<DepotRecord> indexed = depot.records();
        assertThat(indexed).hasSize(30).allMatch(r -> r.state() == RecordState.READY);
        assertThat(new Depot(depotDir, TestRecords.CLOCK).load().records()).isEqualTo(indexed);
    }
}
