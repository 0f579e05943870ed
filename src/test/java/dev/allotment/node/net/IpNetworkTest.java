package dev.allotment.node.net;

import static dev.allotment.node.exec.FakeCommandRunner.startsWith;
import static dev.allotment.node.net.IpOutput.array;
import static dev.allotment.node.net.IpOutput.defaultRoute;
import static dev.allotment.node.net.IpOutput.link;
import static dev.allotment.node.net.IpOutput.onLinkRoute;
import static dev.allotment.node.net.IpOutput.upLink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.node.KernelNames;
import dev.allotment.node.Network.Inventory;
import dev.allotment.node.NetworkPlan;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.FakeCommandRunner;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpNetworkTest {
    private static final int MTU = 1450;
    private static final List<String> HOST_BATCH = List.of("ip", "-force", "-batch", "-");
    private static final String HOST_QUERY = "ip -j addr show";

    private final KernelNames names = new KernelNames("ab");
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final NetworkPlan plan = plan("c0000000001", "10.254.0.0/30", "10.254.0.2");

    @TempDir
    Path tmp;
    private Path netnsDir;
    private Path ipForward;
    private IpNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        netnsDir = Files.createDirectory(tmp.resolve("netns"));
        ipForward = Files.writeString(tmp.resolve("ip_forward"), "0\n");
        network = new IpNetwork(runner, names, netnsDir, ipForward);
    }

    @Test
    void ensureCreatesAFreshReservationInThreeProcesses() {
        network.ensure(plan);

        assertThat(runner.commands()).hasSize(3);
        assertThat(runner.commandLines().get(0)).isEqualTo(HOST_QUERY);
        assertThat(runner.commands().get(1).argv()).isEqualTo(HOST_BATCH);
        assertThat(runner.commands().get(1).stdin()).isEqualTo("""
                netns add ab-c0000000001
                link add abbr0afe0000 type bridge
                link set abbr0afe0000 mtu 1450 up
                addr replace 10.254.0.1/30 dev abbr0afe0000
                link add abc0000000001h mtu 1450 type veth peer name abc0000000001c mtu 1450 netns ab-c0000000001
                link set abc0000000001h mtu 1450 master abbr0afe0000 up
                """);
        assertThat(runner.commands().get(2).argv()).containsExactly("ip", "-n", "ab-c0000000001", "-force", "-batch", "-");
        assertThat(runner.commands().get(2).stdin()).isEqualTo("""
                link set lo up
                link set abc0000000001c mtu 1450 up
                addr replace 10.254.0.2/30 dev abc0000000001c
                route replace default via 10.254.0.1 dev abc0000000001c
                """);
    }

    @Test
    void ensureRunsTheSameNumberOfProcessesForEveryReservation() {
        List<NetworkPlan> plans = List.of(plan, plan("c0000000002", "10.254.0.4/30", "10.254.0.6"),
                plan("c0000000003", "10.254.0.8/29", "10.254.0.13"));
        for (NetworkPlan each : plans) {
            runner.reset();
            network.ensure(each);
            assertThat(runner.commands()).as(each.containerId()).hasSize(3);
        }
    }

    @Test
    void ensureOfAnIntactReservationOnlyQueries() throws IOException {
        scriptIntact(plan);

        network.ensure(plan);

        assertThat(runner.commandLines()).containsExactly(HOST_QUERY, "ip -n ab-c0000000001 -j -batch -");
        assertThat(runner.commands().get(1).stdin()).isEqualTo("addr show\nroute show\n");
        assertThat(network.isIntact(plan)).isTrue();
    }

    @Test
    void ensureJoinsAnExistingBridgeWithoutTouchingIt() {
        runner.answer(startsWith("ip", "-j", "addr"), ok(array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink("abbr0afe0000", MTU, null, "10.254.0.1/30"))));

        network.ensure(plan);

        assertThat(hostBatch()).isEqualTo("""
                netns add ab-c0000000001
                link add abc0000000001h mtu 1450 type veth peer name abc0000000001c mtu 1450 netns ab-c0000000001
                link set abc0000000001h mtu 1450 master abbr0afe0000 up
                """);
    }

    @Test
    void ensureRepairsOnlyWhatIsMissing() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.answer(startsWith("ip", "-j", "addr"), ok(array(upLink("abbr0afe0000", MTU, null),
                upLink("abc0000000001h", MTU, "abbr0afe0000"))));
        runner.answer(startsWith("ip", "-n", plan.netns(), "-j"), ok(array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink("abc0000000001c", MTU, null, "10.254.0.2/30")) + array()));

        network.ensure(plan);

        assertThat(hostBatch()).isEqualTo("addr replace 10.254.0.1/30 dev abbr0afe0000\n");
        assertThat(namespaceBatch()).isEqualTo("route replace default via 10.254.0.1 dev abc0000000001c\n");
    }

    @Test
    void ensureReplacesAHostEndWhosePeerIsNoLongerInTheNamespace() {
        runner.answer(startsWith("ip", "-j", "addr"), ok(array(upLink("abbr0afe0000", MTU, null, "10.254.0.1/30"),
                upLink("abc0000000001h", MTU, "abbr0afe0000"))));

        network.ensure(plan);

        assertThat(hostBatch()).isEqualTo("""
                netns add ab-c0000000001
                link del abc0000000001h
                link add abc0000000001h mtu 1450 type veth peer name abc0000000001c mtu 1450 netns ab-c0000000001
                link set abc0000000001h mtu 1450 master abbr0afe0000 up
                """);
    }

    @Test
    void ensureReplacesANamespaceFileLeftWithoutItsNamespace() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.answer(startsWith("ip", "-n", plan.netns(), "-j"), new CommandResult(255, "",
                "setting the network namespace \"ab-c0000000001\" failed: Invalid argument\n"));

        network.ensure(plan);

        assertThat(hostBatch()).startsWith("netns del ab-c0000000001\nnetns add ab-c0000000001\n");
        assertThat(runner.commands()).hasSize(4);
    }

    @Test
    void ensureToleratesABridgeThatAConcurrentEnsureCreatedFirst() {
        runner.answer(isHostBatch(), new CommandResult(1, "", "RTNETLINK answers: File exists\nCommand failed -:2\n"));

        network.ensure(plan);

        assertThat(runner.commands()).hasSize(3);
    }

    @Test
    void ensureRaisesAnErrorNamingTheReservationAndTheFailedLine() {
        runner.fail(isHostBatch(), "RTNETLINK answers: Operation not permitted\nCommand failed -:5\n"
                + "Cannot find device \"abc0000000001h\"\nCommand failed -:6\n");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001")
                .hasMessageContaining("`link add abc0000000001h mtu 1450 type veth")
                .hasMessageContaining("Operation not permitted")
                .hasMessageContaining("`link set abc0000000001h mtu 1450 master abbr0afe0000 up` failed");
        assertThat(runner.commands()).as("no namespace batch after a failed host batch").hasSize(2);
    }

    @Test
    void ensureTreatsFileExistsAsAnErrorWhereNoOneElseCreates() {
        runner.fail(isHostBatch(), "RTNETLINK answers: File exists\nCommand failed -:5\n");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("link add abc0000000001h").hasMessageContaining("File exists");
    }

    @Test
    void ensureRaisesAnErrorNamingTheNamespaceWhenItsBatchFails() {
        runner.fail(startsWith("ip", "-n", plan.netns(), "-force"), "Error: Nexthop has invalid gateway.\n"
                + "Command failed -:4\n");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001 in netns ab-c0000000001")
                .hasMessageContaining("`route replace default via 10.254.0.1 dev abc0000000001c` failed: Error: Nexthop");
    }

    @Test
    void ensureRaisesWhenTheQueryFails() {
        runner.fail(startsWith("ip", "-j", "addr"), "Cannot send dump request: Operation not permitted");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001").hasMessageContaining("Cannot send dump request");
        assertThat(runner.commands()).hasSize(1);
    }

    @Test
    void ensureRefusesAPlanWithValuesThisAgentDoesNotDerive() {
        Cidr subnet = plan.subnet();
        List<NetworkPlan> foreign = List.of(
                new NetworkPlan("c0000000001", "ab-c0000000001", "eth0", "abc0000000001h", "abc0000000001c", subnet,
                        "10.254.0.2", "10.254.0.1", MTU),
                new NetworkPlan("c0000000001", "ab-c0000000001", "abbr0afe0000", "abc0000000001h", "abc0000000001c",
                        subnet, "10.254.0.2/30 dev eth0\nlink del eth0", "10.254.0.1", MTU),
                new NetworkPlan("c0000000001", "ab-c0000000001", "abbr0afe0000", "abc0000000001h", "abc0000000001c",
                        subnet, "10.254.0.1", "10.254.0.1", MTU),
                new NetworkPlan("../../x", "ab-../../x", "abbr0afe0000", "ab../../xh", "ab../../xc", subnet,
                        "10.254.0.2", "10.254.0.1", MTU),
                new NetworkPlan("c0000000001", "ab-c0000000001", "abbr0afe0000", "abc0000000001h", "abc0000000001c",
                        subnet, "10.254.0.2", "10.254.0.1", 0));
        for (NetworkPlan bad : foreign) {
            assertThatThrownBy(() -> network.ensure(bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void isIntactIsFalseWithoutTheNamespaceAfterOneProcess() {
        runner.answer(startsWith("ip", "-j", "addr"), ok(array(upLink("abbr0afe0000", MTU, null, "10.254.0.1/30"),
                upLink("abc0000000001h", MTU, "abbr0afe0000"))));

        assertThat(network.isIntact(plan)).isFalse();
        assertThat(runner.commands()).hasSize(1);
    }

    @Test
    void isIntactIsFalseWhenAnyPartHasDrifted() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        String namespace = array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink("abc0000000001c", MTU, null, "10.254.0.2/30"))
                + array(defaultRoute("10.254.0.1", "abc0000000001c"), onLinkRoute("10.254.0.0/30", "abc0000000001c"));
        runner.answer(startsWith("ip", "-n", plan.netns(), "-j"), ok(namespace));
        String bridge = upLink("abbr0afe0000", MTU, null, "10.254.0.1/30");
        List<String> driftedHosts = List.of(
                array(bridge, upLink("abc0000000001h", MTU, null)),
                array(bridge, link("abc0000000001h", MTU, false, "abbr0afe0000")),
                array(bridge, upLink("abc0000000001h", 1500, "abbr0afe0000")),
                array(upLink("abbr0afe0000", MTU, null), upLink("abc0000000001h", MTU, "abbr0afe0000")),
                array(upLink("abc0000000001h", MTU, "abbr0afe0000")));
        for (String host : driftedHosts) {
            FakeCommandRunner drifted = new FakeCommandRunner().answer(startsWith("ip", "-j", "addr"), ok(host))
                    .answer(startsWith("ip", "-n", plan.netns(), "-j"), ok(namespace));
            assertThat(new IpNetwork(drifted, names, netnsDir, ipForward).isIntact(plan)).as(host).isFalse();
            assertThat(drifted.commands()).hasSize(2);
        }
    }

    @Test
    void destroyDeletesTheHostEndThenTheNamespaceInOneProcess() {
        network.destroy("c0000000001");

        assertThat(runner.commands()).hasSize(1);
        assertThat(runner.commands().get(0).argv()).isEqualTo(HOST_BATCH);
        assertThat(hostBatch()).isEqualTo("link del abc0000000001h\nnetns del ab-c0000000001\n");
    }

    @Test
    void destroyOfWhatIsAlreadyGoneSucceeds() {
        runner.fail(c -> c.stdin().startsWith("link del abc0000000001h\nnetns del"),
                "Cannot find device \"abc0000000001h\"\nCommand failed -:1\n"
                        + "Cannot remove namespace file \"/var/run/netns/ab-c0000000001\": No such file or directory\n"
                        + "Command failed -:2\n");
        runner.fail(c -> c.stdin().startsWith("link del"), "Cannot find device \"x\"\nCommand failed -:1\n");

        network.destroy("c0000000001");
        network.destroyBridge("abbr0afe0000");
        network.destroyLink("abc0000000001h");
    }

    @Test
    void destroyRaisesAnErrorNamingTheReservation() {
        runner.fail(isHostBatch(), "RTNETLINK answers: Operation not permitted\nCommand failed -:1\n");

        assertThatThrownBy(() -> network.destroy("c0000000001")).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001").hasMessageContaining("Operation not permitted");
    }

    @Test
    void deletesRefuseNamesThatAreNotThisAgents() {
        assertThatThrownBy(() -> network.destroyLink("eth0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> network.destroyLink("zzc0000000001h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> network.destroyBridge("abc0000000001h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> network.destroyNamespace("cni-1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> network.destroy("c0000000001 x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void singleDeletesRunOneBatchLine() throws IOException {
        Files.createFile(netnsDir.resolve("ab-c0000000009"));

        network.destroyBridge("abbr0afe0000");
        network.destroyLink("abc0000000001h");
        network.destroyNamespace("ab-c0000000009");
        network.destroyNamespace("ab-c0000000008");

        assertThat(runner.commands()).extracting(Command::stdin).containsExactly("link del abbr0afe0000\n",
                "link del abc0000000001h\n", "netns del ab-c0000000009\n");
    }

    @Test
    void inventoryListsOnlyThisAgentsObjectsInOneProcess() throws IOException {
        for (String netns : List.of("ab-c0000000001", "ab-c0000000002", "zz-c0000000001", "cni-1234")) {
            Files.createFile(netnsDir.resolve(netns));
        }
        runner.answer(startsWith("ip", "-j", "link"), ok(array(upLink("lo", 65536, null), upLink("eth0", 1500, null),
                upLink("abbr0afe0000", MTU, null), upLink("abc0000000001h", MTU, "abbr0afe0000"),
                upLink("abc0000000003h", MTU, null), upLink("zzbr0afe0000", MTU, null),
                upLink("zzc0000000001h", MTU, "zzbr0afe0000"))));

        Inventory inventory = network.inventory();

        assertThat(inventory.namespaces()).isEqualTo(Set.of("ab-c0000000001", "ab-c0000000002"));
        assertThat(inventory.hostInterfaces()).isEqualTo(Set.of("abc0000000001h", "abc0000000003h"));
        assertThat(inventory.bridges()).isEqualTo(Set.of("abbr0afe0000"));
        assertThat(runner.commandLines()).containsExactly("ip -j link show");
    }

    @Test
    void setUpEnablesForwardingByWritingTheSwitchWithoutAProcess() throws IOException {
        network.setUp();
        network.setUp();

        assertThat(Files.readString(ipForward)).isEqualTo("1\n");
        assertThat(runner.commands()).isEmpty();
    }

    private void scriptIntact(NetworkPlan p) throws IOException {
        Files.createFile(netnsDir.resolve(p.netns()));
        String cidr = "/" + p.subnet().prefix();
        runner.answer(startsWith("ip", "-j", "addr"), ok(array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink("eth0", 1500, null, "192.0.2.10/24"), upLink(p.bridge(), MTU, null, p.gateway() + cidr),
                upLink(p.hostInterface(), MTU, p.bridge()))));
        runner.answer(startsWith("ip", "-n", p.netns(), "-j"), ok(array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink(p.containerInterface(), MTU, null, p.ip() + cidr))
                + "\n" + array(defaultRoute(p.gateway(), p.containerInterface()),
                        onLinkRoute(p.subnet().toString(), p.containerInterface()))));
    }

    private String hostBatch() {
        return runner.commands().stream().filter(isHostBatch()).map(Command::stdin).findFirst().orElseThrow();
    }

    private String namespaceBatch() {
        return runner.commands().stream().filter(startsWith("ip", "-n", plan.netns(), "-force")).map(Command::stdin)
                .findFirst().orElseThrow();
    }

    private static Predicate<Command> isHostBatch() {
        return c -> c.argv().equals(HOST_BATCH);
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    private NetworkPlan plan(String id, String subnet, String ip) {
        Cidr cidr = Cidr.parse(subnet);
        return new NetworkPlan(id, names.namespace(id), names.bridge(cidr), names.hostInterface(id),
                names.containerInterface(id), cidr, ip, Ipv4.format(cidr.gateway()), MTU);
    }
}
