package dev.allotment.node;

import static dev.allotment.node.NodePoolAcquireTest.netIn;
import static dev.allotment.node.NodePoolFixture.request;
import static dev.allotment.node.NodePoolFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.depot.DepotRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** garden's check: 25 threads x 10 create/destroy cycles never share an IP, a host port or a container ID. */
class NodePoolConcurrencyTest {
    @TempDir
    Path depot;

    @Test
    void concurrentAcquiresNeverShareAnIpPortOrId() throws Exception {
        NodePoolFixture node = new NodePoolFixture(depot, "10.254.0.0/22");
        Map<String, String> ips = new ConcurrentHashMap<>();
        Map<Integer, String> ports = new ConcurrentHashMap<>();
        Map<String, String> ids = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(25);
        try {
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int t = 0; t < 25; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    for (int cycle = 0; cycle < 10; cycle++) {
                        ContainerReservationSpec spec = spec();
                        spec.setNetIn(List.of(netIn(0, 80)));
                        String owner = thread + "/" + cycle;
                        DepotRecord record = node.pool.acquire(request("r-" + thread + "-" + cycle, spec));
                        assertThat(ips.putIfAbsent(record.resources().ip(), owner)).isNull();
                        assertThat(ports.putIfAbsent(record.resources().ports().get(0).hostPort(), owner)).isNull();
                        assertThat(ids.putIfAbsent(record.containerId(), owner)).isNull();
                        ips.remove(record.resources().ip());
                        ports.remove(record.resources().ports().get(0).hostPort());
                        node.pool.release(record);
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(ids).hasSize(250);
        assertThat(node.poolsAreEmpty()).isTrue();
        assertThat(node.kernelIsEmpty()).isTrue();
        assertThat(node.pool.depot().records()).isEmpty();
    }
}
