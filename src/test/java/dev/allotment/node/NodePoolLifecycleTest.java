package dev.allotment.node;

import static dev.allotment.node.NodePoolAcquireTest.netIn;
import static dev.allotment.node.NodePoolFixture.request;
import static dev.allotment.node.NodePoolFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.Specs;
import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.NetOutRule;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.RecordState;
import dev.allotment.depot.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePoolLifecycleTest {
    @TempDir
    Path depot;
    NodePoolFixture node;

    @BeforeEach
    void setUp() {
        node = new NodePoolFixture(depot);
    }

    @Test
    void releaseRemovesEverythingAndIsIdempotent() {
        ContainerReservationSpec spec = spec();
        spec.setNetIn(List.of(netIn(0, 80)));
        DepotRecord record = node.pool.acquire(request("web", spec));
        node.pool.release(record);
        node.pool.release(record);
        assertThat(node.kernelIsEmpty()).isTrue();
        assertThat(node.poolsAreEmpty()).isTrue();
        assertThat(node.pool.depot().records()).isEmpty();
        assertThat(depot.resolve(record.containerId())).doesNotExist();
    }

    @Test
    void theBridgeAndMasqueradeGoWithTheLastReservationOfASharedSubnet() {
        DepotRecord a = node.pool.acquire(request("a", spec("10.253.0.0/29")));
        DepotRecord b = node.pool.acquire(request("b", spec("10.253.0.0/29")));
        assertThat(a.resources().bridge()).isEqualTo(b.resources().bridge());
        assertThat(List.of(a.resources().ip(), b.resources().ip())).containsExactly("10.253.0.2", "10.253.0.3");

        node.pool.release(a);
        assertThat(node.network.bridges).containsExactly(b.resources().bridge());
        assertThat(node.firewall.masquerades).hasSize(1);
        node.pool.release(b);
        assertThat(node.network.bridges).isEmpty();
        assertThat(node.firewall.masquerades).isEmpty();
    }

    @Test
    void aFreedSubnetTakenAgainBeforeItsCleanupRunsKeepsItsBridge() {
        node.deferCleanup();
        DepotRecord first = node.pool.acquire(request("first", spec()));
        node.pool.release(first);
        DepotRecord second = node.pool.acquire(request("second", spec()));
        assertThat(second.resources().subnet()).isEqualTo(first.resources().subnet());

        node.runDeferredCleanup();

        assertThat(node.network.bridges).containsExactly(second.resources().bridge());
        assertThat(node.firewall.masquerades).hasSize(1);
        node.pool.release(second);
        node.runDeferredCleanup();
        assertThat(node.kernelIsEmpty()).isTrue();
    }

    @Test
    void aFailedReleaseKeepsTheRecordAndTheAllocationsUntilARetryFinishes() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        node.network.failures.fail("destroy");
        assertThatThrownBy(() -> node.pool.release(record))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.Releasing))
                .hasMessageContaining("injected failure in destroy");
        assertThat(node.pool.depot().records()).singleElement()
                .extracting(DepotRecord::state).isEqualTo(RecordState.RELEASING);
        assertThat(node.pools.subnets().allocations()).hasSize(1);
        assertThat(node.firewall.rules).as("the other steps still ran").isEmpty();

        node.network.failures.heal();
        node.pool.release(node.pool.depot().records().get(0));
        assertThat(node.pool.depot().records()).isEmpty();
        assertThat(node.kernelIsEmpty()).isTrue();
        assertThat(node.poolsAreEmpty()).isTrue();
    }

    @Test
    void restoreKeepsIpsPortsAndIdsAndDoesNotHandThemOutAgain() {
        ContainerReservationSpec spec = spec();
        spec.setNetIn(List.of(netIn(0, 80)));
        DepotRecord before = node.pool.acquire(request("web", spec));

        node.restart();
        RestoreReport report = node.pool.restore();

        assertThat(report.restored()).isEqualTo(1);
        assertThat(report.rebuilt()).isZero();
        DepotRecord after = node.pool.depot().byUid(before.owner().uid()).orElseThrow();
        assertThat(after.containerId()).isEqualTo(before.containerId());
        assertThat(after.resources()).isEqualTo(before.resources());
        DepotRecord next = node.pool.acquire(request("next", spec));
        assertThat(next.resources().ip()).isNotEqualTo(before.resources().ip());
        assertThat(next.resources().ports()).extracting(Resources.Port::hostPort)
                .doesNotContainAnyElementsOf(before.resources().ports().stream().map(Resources.Port::hostPort).toList());
    }

    @Test
    void portsJustReleasedAreNotHandedOutAgainAfterARestart() {
        ContainerReservationSpec spec = spec();
        spec.setNetIn(List.of(netIn(0, 80)));
        DepotRecord first = node.pool.acquire(request("first", spec));
        node.pool.release(first);

        node.restart();
        node.pool.restore();
        DepotRecord next = node.pool.acquire(request("next", spec));

        assertThat(next.resources().ports().get(0).hostPort()).isNotEqualTo(first.resources().ports().get(0).hostPort());
    }

    @Test
    void restoreRebuildsVolatileKernelStateLostInAReboot() {
        DepotRecord before = node.pool.acquire(request("web", spec()));
        node.network.namespaces.clear();
        node.network.hostInterfaces.clear();
        node.network.bridges.clear();
        node.firewall.rules.clear();
        node.filesystem.mounts.clear();

        node.restart();
        RestoreReport report = node.pool.restore();

        assertThat(report.rebuilt()).isEqualTo(1);
        assertThat(node.network.namespaces).containsExactly(before.resources().netns());
        assertThat(node.network.bridges).containsExactly(before.resources().bridge());
        assertThat(node.firewall.rules).containsOnlyKeys(before.containerId());
        assertThat(node.filesystem.mounts).containsExactly(Path.of(before.resources().rootfs().path()));
    }

    @Test
    void restoreRollsBackAcquiringRecordsAndFinishesReleasingOnes() {
        DepotRecord acquiring = node.pool.acquire(request("half-made", spec()));
        DepotRecord releasing = node.pool.acquire(request("half-gone", spec()));
        Depot onDisk = new Depot(depot, Clock.systemUTC());
        onDisk.load();
        onDisk.write(acquiring.withState(RecordState.ACQUIRING, acquiring.updatedAt()));
        onDisk.write(releasing.withState(RecordState.RELEASING, releasing.updatedAt()));

        node.restart();
        RestoreReport report = node.pool.restore();

        assertThat(report.rolledBack()).isEqualTo(1);
        assertThat(report.released()).isEqualTo(1);
        assertThat(node.pool.depot().records()).isEmpty();
        assertThat(node.kernelIsEmpty()).isTrue();
        assertThat(node.poolsAreEmpty()).isTrue();
    }

    @Test
    void restoreReleasesBrokenEntries() throws IOException {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        Files.writeString(depot.resolve(record.containerId()).resolve("reservation.json"), "{\"schemaVers");

        node.restart();
        RestoreReport report = node.pool.restore();

        assertThat(report.released()).isEqualTo(1);
        assertThat(depot.resolve(record.containerId())).doesNotExist();
        assertThat(node.network.namespaces).isEmpty();
        assertThat(node.filesystem.mounts).isEmpty();
    }

    @Test
    void restoreOfTwoRecordsClaimingOneIpKeepsTheOlderAndNeverFreesItsPorts() {
        ContainerReservationSpec spec = spec();
        spec.setNetIn(List.of(netIn(60004, 80)));
        DepotRecord older = node.pool.acquire(request("older", spec));
        Depot onDisk = new Depot(depot, Clock.systemUTC());
        onDisk.load();
        DepotRecord copy = new DepotRecord(1, "0000000000v", new dev.allotment.depot.Owner("default", "copy", "uid-copy",
                1L), "copy", RecordState.READY, older.spec(), older.resources(), older.createdAt().plusSeconds(1),
                older.updatedAt());
        onDisk.create(copy);

        node.restart();
        RestoreReport report = node.pool.restore();

        assertThat(report.failures()).singleElement().asString().contains("0000000000v");
        assertThat(node.pool.depot().records()).extracting(DepotRecord::containerId)
                .containsExactly(older.containerId());
        assertThat(node.pools.ports().isFree(60004)).isFalse();
        assertThat(node.pools.subnets().allocations()).hasSize(1);
        assertThat(node.firewall.rules.get(older.containerId()).netIn()).hasSize(1);
    }

    @Test
    void sweepReleasesRecordsWhoseOwnerIsGoneAndRemovesOrphanKernelObjects() {
        DepotRecord live = node.pool.acquire(request("live", spec()));
        DepotRecord gone = node.pool.acquire(request("gone", spec()));
        node.network.namespaces.add("al-0000000000z");
        node.network.namespaces.add("al-00000000001");
        node.network.hostInterfaces.add("al00000000001h");
        node.network.bridges.add("albr0afe00f0");
        node.firewall.rules.put("00000000001", node.firewall.rules.get(live.containerId()));
        node.filesystem.mounts.add(depot.resolve("00000000001").resolve("rootfs"));

        SweepReport report = node.pool.sweep(uid -> uid.equals(live.owner().uid()));

        assertThat(report.recordsPruned()).isEqualTo(1);
        assertThat(report.kernelObjectsRemoved()).isEqualTo(report.kernelObjectsFound()).isGreaterThanOrEqualTo(5);
        assertThat(node.pool.depot().records()).extracting(DepotRecord::containerId)
                .containsExactly(live.containerId());
        assertThat(node.network.namespaces).containsExactly(live.resources().netns());
        assertThat(node.network.hostInterfaces).containsExactly(live.resources().hostInterface());
        assertThat(node.network.bridges).containsExactly(live.resources().bridge());
        assertThat(node.firewall.rules).containsOnlyKeys(live.containerId());
        assertThat(node.filesystem.mounts).containsExactly(Path.of(live.resources().rootfs().path()));
        assertThat(node.pools.subnets().isAllocated(Plans.allocation(gone.resources()))).isFalse();
    }

    @Test
    void sweepIsIdempotent() {
        node.pool.acquire(request("live", spec()));
        node.pool.sweep(uid -> true);
        SweepReport second = node.pool.sweep(uid -> true);
        assertThat(second.recordsPruned()).isZero();
        assertThat(second.kernelObjectsFound()).isZero();
    }

    @Test
    void updateChangesNetInKeepingUnchangedHostPortsAndReturningRemovedOnes() {
        ContainerReservationSpec spec = spec();
        spec.setNetIn(List.of(netIn(0, 80), netIn(0, 443)));
        DepotRecord record = node.pool.acquire(request("web", spec));
        int port80 = record.resources().ports().get(0).hostPort();
        int port443 = record.resources().ports().get(1).hostPort();

        ContainerReservationSpec changed = spec();
        changed.setNetIn(List.of(netIn(0, 80), netIn(0, 8080)));
        DepotRecord updated = node.pool.update(record, changed);

        assertThat(updated.resources().ports()).extracting(Resources.Port::containerPort).containsExactly(80, 8080);
        assertThat(updated.resources().ports().get(0).hostPort()).isEqualTo(port80);
        assertThat(node.pools.ports().isFree(port443)).isTrue();
        assertThat(node.firewall.rules.get(record.containerId()).netIn()).extracting(PortMapping::containerPort)
                .containsExactly(80, 8080);
        assertThat(node.depotRecord(record.containerId()).spec().getNetIn()).hasSize(2);
    }

    @Test
    void updateAppliesNetOutAndProperties() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        ContainerReservationSpec changed = spec();
        NetOutRule rule = new NetOutRule();
        rule.setProtocol(NetOutProtocol.TCP);
        rule.setNetworks(List.of("10.5.0.0/16"));
        rule.setPorts(List.of("443"));
        changed.setNetOut(List.of(rule));
        changed.setProperties(java.util.Map.of("team", "blue"));
        DepotRecord updated = node.pool.update(record, changed);
        assertThat(node.firewall.rules.get(record.containerId()).netOut())
                .containsExactly(new EgressRule(NetOutProtocol.TCP, List.of("10.5.0.0/16"), List.of("443"), false));
        assertThat(updated.resources().properties()).containsEntry("team", "blue");
    }

    @Test
    void updateGrowsTheDiskAndRefusesShrinkingIt() {
        DepotRecord record = node.pool.acquire(request("disk", Specs.withDiskLimit(spec(), 64L << 20)));
        DepotRecord grown = node.pool.update(record, Specs.withDiskLimit(spec(), 128L << 20));
        assertThat(node.filesystem.grownTo).containsExactly(128L << 20);
        assertThat(grown.resources().quota().byteHard()).isEqualTo(128L << 20);
        assertThatThrownBy(() -> node.pool.update(grown, Specs.withDiskLimit(spec(), 32L << 20)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
                .hasMessageContaining("spec.limits.disk.byteHard: may only grow");
    }

    @Test
    void updateRefusesToAddADiskLimitToAReservationCreatedWithoutOne() {
        DepotRecord record = node.pool.acquire(request("disk", spec()));
        assertThatThrownBy(() -> node.pool.update(record, Specs.withDiskLimit(spec(), 64L << 20)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
                .hasMessageContaining("cannot be added");
    }

    @Test
    void updateRefusesAnImmutableChangeAndLeavesTheReservationAsItWas() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        assertThatThrownBy(() -> node.pool.update(record, spec("10.253.0.6")))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
                .hasMessageContaining("spec.network: is immutable");
        assertThat(node.pool.depot().byUid(record.owner().uid()).orElseThrow()).isEqualTo(record);
    }

    @Test
    void aFailedNetInUpdateReturnsTheNewPortsAndKeepsTheOldRules() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        node.firewall.failures.fail("apply");
        ContainerReservationSpec changed = spec();
        changed.setNetIn(List.of(netIn(0, 80)));
        assertThatThrownBy(() -> node.pool.update(record, changed));
        assertThat(node.pools.ports().inUse()).isZero();
        assertThat(node.firewall.rules.get(record.containerId()).netIn()).isEmpty();
    }

    @Test
    void usageCountsContainersSubnetsAndPorts() {
        ContainerReservationSpec spec = spec();
        spec.setNetIn(List.of(netIn(0, 80)));
        node.pool.acquire(request("a", spec));
        node.pool.acquire(request("b", spec("10.253.0.2/30")));
        NodeUsage usage = node.pool.usage();
        assertThat(usage).isEqualTo(new NodeUsage(2, 4, 1, 4, 1, 8));
    }

    @Test
    void setUpInstallsTheDefaultPolicyAndRunsTheSetupHook() {
        node.pool.setUp();
        assertThat(node.firewall.policy.denyNetworks()).containsExactly("0.0.0.0/0");
        assertThat(node.network.calls).contains("setUp");
        assertThat(node.hooks.calls).contains("setup");
    }

    @Test
    void sweepNeverReleasesAReservationThatIsLive() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        node.pool.sweep(Set.of(record.owner().uid())::contains);
        assertThat(node.pool.depot().records()).hasSize(1);
    }
}
