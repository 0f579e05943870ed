package dev.allotment.node;

import static dev.allotment.node.NodePoolFixture.request;
import static dev.allotment.node.NodePoolFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.BindMount;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.DiskLimits;
import dev.allotment.api.Limits;
import dev.allotment.api.NetIn;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.RecordState;
import dev.allotment.depot.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodePoolAcquireTest {
    @TempDir
    Path depot;
    NodePoolFixture node;

    @BeforeEach
    void setUp() {
        node = new NodePoolFixture(depot);
    }

    static NetIn netIn(int hostPort, int containerPort) {
        NetIn mapping = new NetIn();
        mapping.setHostPort(hostPort);
        mapping.setContainerPort(containerPort);
        return mapping;
    }

    private List<String> depotEntries() throws IOException {
        try (Stream<Path> entries = Files.list(depot)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }

    @Test
    void acquiresEveryPartAndRecordsTheReservationReady() {
        ContainerReservationSpec spec = spec();
        spec.setNetIn(List.of(netIn(0, 8080)));
        spec.setEnv(List.of("LANG=en_US.UTF-8", "APP=1"));
        DepotRecord record = node.pool.acquire(request("web", spec));

        Resources r = record.resources();
        assertThat(record.state()).isEqualTo(RecordState.READY);
        assertThat(record.handle()).isEqualTo("web");
        assertThat(r.subnet()).isEqualTo("10.254.0.0/30");
        assertThat(r.ip()).isEqualTo("10.254.0.2");
        assertThat(r.gateway()).isEqualTo("10.254.0.1");
        assertThat(r.ports()).containsExactly(new Resources.Port(60000, 8080, "tcp"));
        assertThat(r.rootUid()).isEqualTo(100000L);
        assertThat(r.netns()).isEqualTo("al-" + record.containerId());
        assertThat(r.rootfs().uri()).isEqualTo("dir:///images/base");
        assertThat(r.rootfs().path()).isEqualTo(depot.resolve(record.containerId()).resolve("rootfs").toString());
        assertThat(r.env()).containsExactly("PATH=/bin", "LANG=en_US.UTF-8", "APP=1");
        assertThat(node.network.namespaces).containsExactly(r.netns());
        assertThat(node.network.bridges).containsExactly(r.bridge());
        assertThat(node.firewall.rules).containsOnlyKeys(record.containerId());
        assertThat(node.firewall.rules.get(record.containerId()).netIn())
                .containsExactly(new PortMapping(60000, 8080, dev.allotment.api.Protocol.TCP));
        assertThat(node.depotRecord(record.containerId()).state()).isEqualTo(RecordState.READY);
    }

    @Test
    void runsTheCreateHookWithTheSeedEnvironment() {
        DepotRecord record = node.pool.acquire(request("web", spec()));
        assertThat(node.hooks.createEnvs).singleElement().satisfies(env -> assertThat(env)
                .containsEntry("id", record.containerId())
                .containsEntry("network_host_ip", "10.254.0.1")
                .containsEntry("network_container_ip", "10.254.0.2")
                .containsEntry("network_cidr", "10.254.0.0/30")
                .containsEntry("network_cidr_suffix", "30")
                .containsEntry("external_ip", "10.99.0.1")
                .containsEntry("container_iface_mtu", "1500")
                .containsEntry("bridge_iface", record.resources().bridge())
                .containsEntry("root_uid", "100000")
                .containsKey("rootfs_path"));
    }

    @Test
    void acquireIsIdempotentForTheSameUid() {
        var request = request("web", spec());
        DepotRecord first = node.pool.acquire(request);
        DepotRecord second = node.pool.acquire(request);
        assertThat(second.containerId()).isEqualTo(first.containerId());
        assertThat(node.pools.subnets().allocations()).hasSize(1);
        assertThat(node.network.calls).filteredOn(c -> c.startsWith("ensure")).hasSize(1);
    }

    static Stream<Arguments> acquireSteps() {
        return Stream.of(
                Arguments.of("network ensure", (Consumer<NodePoolFixture>) n -> n.network.failures.fail("ensure"),
                        Reason.AcquireFailed),
                Arguments.of("firewall apply", (Consumer<NodePoolFixture>) n -> n.firewall.failures.fail("apply"),
                        Reason.AcquireFailed),
                Arguments.of("filesystem check", (Consumer<NodePoolFixture>) n -> n.filesystem.checkRefusal =
                        Reason.Forbidden, Reason.Forbidden),
                Arguments.of("filesystem ensure", (Consumer<NodePoolFixture>) n -> n.filesystem.failures.fail("ensure"),
                        Reason.AcquireFailed),
                Arguments.of("create hook", (Consumer<NodePoolFixture>) n -> n.hooks.failures.fail("create"),
                        Reason.AcquireFailed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acquireSteps")
    void aFailureAtAnyAcquireStepLeavesNothingBehind(String step, Consumer<NodePoolFixture> breakIt, Reason reason)
            throws IOException {
        node.pool.acquire(request("survivor", spec("10.253.0.2/29")));
        breakIt.accept(node);
        ContainerReservationSpec spec = spec("10.253.0.3/29");
        spec.setNetIn(List.of(netIn(0, 80), netIn(60005, 81)));

        assertThatThrownBy(() -> node.pool.acquire(request("doomed", spec)))
                .isInstanceOfSatisfying(ReservationException.class, e -> assertThat(e.reason()).isEqualTo(reason));

        assertThat(depotEntries()).hasSize(1);
        assertThat(node.pool.depot().records()).extracting(DepotRecord::handle).containsExactly("survivor");
        assertThat(node.pools.subnets().allocations()).hasSize(1);
        assertThat(node.pools.ports().inUse()).isZero();
        assertThat(node.network.namespaces).hasSize(1);
        assertThat(node.firewall.rules).hasSize(1);
        assertThat(node.filesystem.mounts).hasSize(1);
        assertThat(node.network.bridges).as("the shared bridge stays for the survivor").hasSize(1);
        if (reason == Reason.AcquireFailed) {
            String doomed = node.network.calls.stream().filter(c -> c.startsWith("ensure")).skip(1).findFirst()
                    .orElseThrow().substring("ensure ".length());
            assertThat(node.filesystem.calls).contains("destroy " + doomed);
            assertThat(node.firewall.calls).contains("remove " + doomed);
            assertThat(node.network.calls).contains("destroy " + doomed);
            assertThat(node.hooks.calls).contains("destroy " + doomed);
        }
    }

    @Test
    void aFailedAcquireOfALoneSubnetAlsoRemovesItsBridgeAndMasquerade() {
        node.hooks.failures.fail("create");
        assertThatThrownBy(() -> node.pool.acquire(request("doomed", spec())));
        assertThat(node.kernelIsEmpty()).isTrue();
        assertThat(node.poolsAreEmpty()).isTrue();
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("static subnet in the dynamic range", "10.254.0.4/30", Reason.Forbidden),
                Arguments.of("static subnet outside the static ranges", "192.168.7.0/30", Reason.Forbidden),
                Arguments.of("metadata address", "169.254.169.254", Reason.Forbidden),
                Arguments.of("overlapping a different subnet", "10.253.0.0/29", Reason.Conflict),
                Arguments.of("static IP that is taken", "10.253.0.2/30", Reason.Conflict),
                Arguments.of("static IP equal to the gateway", "10.253.0.1/30", Reason.InvalidSpec),
                Arguments.of("static IP equal to the broadcast", "10.253.0.3/30", Reason.InvalidSpec));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badNetworkInputIsRefusedWithItsReasonAndLeaksNothing(String what, String network, Reason reason) {
        node.pool.acquire(request("first", spec("10.253.0.2/30")));
        assertThatThrownBy(() -> node.pool.acquire(request("second", spec(network))))
                .isInstanceOfSatisfying(ReservationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(node.pool.depot().records()).hasSize(1);
        assertThat(node.pools.subnets().allocations()).hasSize(1);
        assertThat(node.network.namespaces).hasSize(1);
    }

    @Test
    void anExhaustedPoolIsRefusedAsPoolExhausted() {
        for (int i = 0; i < 4; i++) {
            node.pool.acquire(request("r" + i, spec()));
        }
        assertThatThrownBy(() -> node.pool.acquire(request("one-too-many", spec())))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PoolExhausted))
                .hasMessageContaining("exhausted");
        assertThat(node.pool.depot().records()).hasSize(4);
    }

    @Test
    void aTakenHostPortIsAConflictAndTheOtherPortsAreReturned() {
        ContainerReservationSpec first = spec();
        first.setNetIn(List.of(netIn(60003, 80)));
        node.pool.acquire(request("first", first));
        ContainerReservationSpec second = spec();
        second.setNetIn(List.of(netIn(0, 80), netIn(60003, 81)));
        assertThatThrownBy(() -> node.pool.acquire(request("second", second)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.Conflict))
                .hasMessageContaining("60003");
        assertThat(node.pools.ports().inUse()).isEqualTo(1);
        assertThat(node.pools.subnets().allocations()).hasSize(1);
    }

    @Test
    void anExplicitHostPortIsTakenOutOfThePool() {
        ContainerReservationSpec explicit = spec();
        explicit.setNetIn(List.of(netIn(60000, 80)));
        node.pool.acquire(request("explicit", explicit));
        ContainerReservationSpec dynamic = spec();
        dynamic.setNetIn(List.of(netIn(0, 80)));
        DepotRecord record = node.pool.acquire(request("dynamic", dynamic));
        assertThat(record.resources().ports()).extracting(Resources.Port::hostPort).doesNotContain(60000);
    }

    @Test
    void aDuplicateHandleIsAConflict() {
        ContainerReservationSpec spec = spec();
        spec.setHandle("shared");
        node.pool.acquire(request("a", spec));
        assertThatThrownBy(() -> node.pool.acquire(request("b", spec)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.Conflict))
                .hasMessageContaining("handle \"shared\" is already used on this node by default/a");
        assertThat(node.pool.depot().records()).hasSize(1);
    }

    @Test
    void privilegedIsForbiddenWhenTheNodeDoesNotAllowIt() {
        ContainerReservationSpec spec = spec();
        spec.setPrivileged(true);
        assertThatThrownBy(() -> node.pool.acquire(request("root", spec)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.Forbidden));
        assertThat(node.poolsAreEmpty()).isTrue();
    }

    @Test
    void anInvalidSpecIsRefusedBeforeAnythingIsAllocated() {
        ContainerReservationSpec spec = spec();
        BindMount mount = new BindMount();
        mount.setSrcPath("/data");
        mount.setDstPath("/a/../../etc");
        spec.setBindMounts(List.of(mount));
        assertThatThrownBy(() -> node.pool.acquire(request("escape", spec)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
                .hasMessageContaining("spec.bindMounts[0].dstPath");
        assertThat(node.poolsAreEmpty()).isTrue();
        assertThat(node.network.calls).isEmpty();
    }

    @Test
    void recordsTheDiskQuota() {
        ContainerReservationSpec spec = spec();
        DiskLimits disk = new DiskLimits();
        disk.setByteHard(64L << 20);
        Limits limits = new Limits();
        limits.setDisk(disk);
        spec.setLimits(limits);
        DepotRecord record = node.pool.acquire(request("quota", spec));
        assertThat(record.resources().quota()).isEqualTo(new Resources.Quota("fake", 64L << 20, null, null));
    }
}
