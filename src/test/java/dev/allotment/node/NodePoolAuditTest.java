package dev.allotment.node;

import static dev.allotment.node.NodePoolFixture.request;
import static dev.allotment.node.NodePoolFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.allotment.depot.DepotRecord;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePoolAuditTest {
    @TempDir
    Path depot;
    NodePoolFixture node;

    @BeforeEach
    void setUp() {
        node = new NodePoolFixture(depot);
    }

    @Test
    void aCleanNodeHasNoFindings() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        Predicate<String> live = record.owner().uid()::equals;
        assertThat(node.pool.audit(Optional.of(live))).isEmpty();
    }

    @Test
    void reportsLeaksMissingObjectsAndRecordsOfGoneReservationsWithoutChangingAnything() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        node.network.namespaces.add("al-00000000001");
        node.network.bridges.add("albr0afe00f0");
        node.firewall.rules.put("00000000001", node.firewall.rules.get(record.containerId()));
        node.network.hostInterfaces.remove(record.resources().hostInterface());

        assertThat(node.pool.audit(Optional.of(uid -> false))).containsExactlyInAnyOrder(
                "record " + record.containerId() + " (default/web) belongs to a reservation that no longer exists",
                "record " + record.containerId() + " (default/web) is missing its veth "
                        + record.resources().hostInterface(),
                "leaked netns al-00000000001",
                "leaked bridge albr0afe00f0",
                "leaked firewall rules of 00000000001");
        assertThat(node.network.namespaces).contains("al-00000000001");
        assertThat(node.pool.depot().records()).hasSize(1);
    }

    @Test
    void withoutTheApiItDoesNotJudgeLiveness() {
        node.pool.acquire(request("web", spec()));
        assertThat(node.pool.audit(Optional.empty())).isEmpty();
    }
}
