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
import dev.allotment.node.exec.CommandRunner;
import dev.allotment.node.exec.FakeCommandRunner;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpNetworkTest {
    private static final int MTU = 1450;
    private static final List<String> HOST_BATCH = List.of("ip", "-force", "-batch", "-");
    private static final List<String> HOST_QUERY = List.of("ip", "-j", "-force", "-batch", "-");
    private static final String FRESH_HOST_BATCH = """
            netns add ab-c0000000001
            link add abbr0afe0000 type bridge
            link set abbr0afe0000 mtu 1450 up
            addr replace 10.254.0.1/30 dev abbr0afe0000
            link add abc0000000001h mtu 1450 master abbr0afe0000 up type veth peer name abc0000000001c mtu 1450 netns ab-c0000000001
            """;
    private static final String FRESH_NAMESPACE_BATCH = """
            link set lo up
            link set abc0000000001c mtu 1450 up
            addr replace 10.254.0.2/30 dev abc0000000001c
            route replace default via 10.254.0.1 dev abc0000000001c
            """;
    private static final String NEW_PAIR = "link add abc0000000001h mtu 1450 master abbr0afe0000 up type veth peer name"
            + " abc0000000001c mtu 1450 netns ab-c0000000001\n";

    private final KernelNames names = new KernelNames("ab");
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final NetworkPlan plan = plan("c0000000001", "10.254.0.0/30", "10.254.0.2");

    @TempDir
    Path tmp;
    private Path netnsDir;
    private Path ipForward;
    private Path ipv6Conf;
    private IpNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        netnsDir = Files.createDirectory(tmp.resolve("netns"));
        ipForward = Files.writeString(tmp.resolve("ip_forward"), "0\n");
        ipv6Conf = Files.createDirectory(tmp.resolve("ipv6-conf"));
        network = network(runner);
    }

    private IpNetwork network(CommandRunner kernel) {
        return new IpNetwork(kernel, names, netnsDir, ipForward, ipv6Conf);
    }

    @Test
    void ensureCreatesAFreshReservationInTwoProcessesWithoutQuerying() {
        network.ensure(plan);

        assertThat(runner.commands()).hasSize(2);
        assertThat(runner.commands().get(0).argv()).isEqualTo(HOST_BATCH);
        assertThat(runner.commands().get(0).stdin()).isEqualTo(FRESH_HOST_BATCH);
        assertThat(runner.commands().get(1).argv()).containsExactly("nsenter",
                "--net=" + netnsDir.resolve("ab-c0000000001"), "ip", "-force", "-batch", "-");
        assertThat(runner.commands().get(1).stdin()).isEqualTo(FRESH_NAMESPACE_BATCH);
    }

    @Test
    void ensureTurnsIpv6OffOnTheHostSideLinksBeforeTheNamespaceBatchGivesThemCarrier() throws IOException {
        Path bridge = Files.createDirectory(ipv6Conf.resolve("abbr0afe0000"));
        Path hostEnd = Files.createDirectory(ipv6Conf.resolve("abc0000000001h"));
        List<Boolean> offBeforeNamespaceBatch = new ArrayList<>();
        runner.answer(c -> {
            if (isNamespaceBatch(plan).test(c)) {
                offBeforeNamespaceBatch.add(Files.exists(bridge.resolve("disable_ipv6"))
                        && Files.exists(hostEnd.resolve("disable_ipv6")));
            }
            return false;
        }, ok(""));

        network.ensure(plan);

        assertThat(offBeforeNamespaceBatch).containsExactly(true);
        assertThat(Files.readString(bridge.resolve("disable_ipv6"))).isEqualTo("1\n");
        assertThat(Files.readString(hostEnd.resolve("disable_ipv6"))).isEqualTo("1\n");
        assertThat(runner.commands()).hasSize(2);
    }

    @Test
    void ensureRunsTheSameProcessesForEveryReservationAndNeverListsAllLinks() throws IOException {
        List<NetworkPlan> plans = List.of(plan, plan("c0000000002", "10.254.0.4/30", "10.254.0.6"),
                plan("c0000000003", "10.254.0.8/29", "10.254.0.13"));
        for (NetworkPlan each : plans) {
            runner.reset();
            network.ensure(each);
            assertThat(runner.commands()).as(each.containerId()).hasSize(2);
        }
        for (NetworkPlan each : plans) {
            scriptIntact(each);
            network.ensure(each);
            network.isIntact(each);
        }
        assertThat(runner.commands()).extracting(Command::argv).noneMatch(argv -> argv.contains("show"));
        assertThat(runner.commands()).filteredOn(isHostQuery()).extracting(Command::stdin)
                .allMatch(stdin -> stdin.lines().allMatch(l -> l.startsWith("addr show dev ")));
    }

    @Test
    void ensureOfAnIntactReservationOnlyQueriesItsOwnObjects() throws IOException {
        scriptIntact(plan);

        network.ensure(plan);

        assertThat(runner.commandLines()).containsExactly("ip -j -force -batch -",
                "nsenter --net=" + netnsDir.resolve("ab-c0000000001") + " ip -j -batch -");
        assertThat(runner.commands().get(0).stdin())
                .isEqualTo("addr show dev abbr0afe0000\naddr show dev abc0000000001h\n");
        assertThat(runner.commands().get(1).stdin()).isEqualTo("addr show\nroute show\n");
        assertThat(network.isIntact(plan)).isTrue();
    }

    @Test
    void ensureToleratesABridgeThatAConcurrentEnsureCreatedFirst() {
        runner.answer(isHostBatch(), new CommandResult(1, "", "RTNETLINK answers: File exists\nCommand failed -:2\n"));

        network.ensure(plan);

        assertThat(runner.commands()).extracting(Command::stdin)
                .containsExactly(FRESH_HOST_BATCH, FRESH_NAMESPACE_BATCH);
    }

    @Test
    void ensureOfAFreshReservationRepairsAHostEndLeftFromBefore() {
        // The kernel has not finished deleting the pair of an earlier namespace of this name: the pair's create
        // fails, changes nothing, and the network observes and repairs.
        ScriptedKernel kernel = new ScriptedKernel();
        kernel.hostBatches.add(new CommandResult(1, "", "RTNETLINK answers: File exists\nCommand failed -:5\n"));
        kernel.hostQuery = ok(array(upLink("abbr0afe0000", MTU, null, "10.254.0.1/30"))
                + array(link("abc0000000001h", MTU, false, "abbr0afe0000")));
        kernel.namespaceQuery = ok(array(link("lo", 65536, false, null)) + array());
        IpNetwork scripted = network(kernel);

        scripted.ensure(plan);

        assertThat(kernel.commands).extracting(IpNetworkTest::kind)
                .containsExactly("host batch", "host query", "netns query", "host batch", "netns batch");
        assertThat(kernel.commands.get(0).stdin()).isEqualTo(FRESH_HOST_BATCH);
        assertThat(kernel.commands.get(3).stdin()).isEqualTo("link del abc0000000001h\n" + NEW_PAIR);
        assertThat(kernel.commands.get(4).stdin()).isEqualTo(FRESH_NAMESPACE_BATCH);
    }

    @Test
    void ensureRepairJoinsAnIntactBridgeWithoutTouchingIt() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.answer(isHostQuery(), new CommandResult(1, array(upLink("abbr0afe0000", MTU, null, "10.254.0.1/30")),
                "Device \"abc0000000001h\" does not exist.\nCommand failed -:2\n"));
        runner.answer(isNamespaceQuery(plan), ok(array(upLink("lo", 65536, null, "127.0.0.1/8")) + array()));

        network.ensure(plan);

        assertThat(hostBatch()).isEqualTo(NEW_PAIR);
        assertThat(namespaceBatch()).isEqualTo("""
                link set abc0000000001c mtu 1450 up
                addr replace 10.254.0.2/30 dev abc0000000001c
                route replace default via 10.254.0.1 dev abc0000000001c
                """);
    }

    @Test
    void ensureRepairsOnlyWhatIsMissing() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.answer(isHostQuery(), ok(array(upLink("abbr0afe0000", MTU, null))
                + array(upLink("abc0000000001h", MTU, "abbr0afe0000"))));
        runner.answer(isNamespaceQuery(plan), ok(array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink("abc0000000001c", MTU, null, "10.254.0.2/30")) + array()));

        network.ensure(plan);

        assertThat(hostBatch()).isEqualTo("addr replace 10.254.0.1/30 dev abbr0afe0000\n");
        assertThat(namespaceBatch()).isEqualTo("route replace default via 10.254.0.1 dev abc0000000001c\n");
    }

    @Test
    void ensureRepairsABridgeThatTheQueryFoundAbsent() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.answer(isHostQuery(), new CommandResult(1, array(upLink("abc0000000001h", MTU, null)),
                "Device \"abbr0afe0000\" does not exist.\nCommand failed -:1\n"));
        runner.answer(isNamespaceQuery(plan), ok(array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink("abc0000000001c", MTU, null, "10.254.0.2/30"))
                + array(defaultRoute("10.254.0.1", "abc0000000001c"))));

        network.ensure(plan);

        assertThat(hostBatch()).isEqualTo("""
                link add abbr0afe0000 type bridge
                link set abbr0afe0000 mtu 1450 up
                addr replace 10.254.0.1/30 dev abbr0afe0000
                link set abc0000000001h mtu 1450 master abbr0afe0000 up
                """);
        assertThat(runner.commands()).as("nothing to do in the namespace").hasSize(3);
    }

    @Test
    void ensureReplacesAHostEndWhosePeerIsNoLongerInTheNamespace() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.answer(isHostQuery(), ok(array(upLink("abbr0afe0000", MTU, null, "10.254.0.1/30"))
                + array(upLink("abc0000000001h", MTU, "abbr0afe0000"))));
        runner.answer(isNamespaceQuery(plan), ok(array(upLink("lo", 65536, null, "127.0.0.1/8")) + array()));

        network.ensure(plan);

        assertThat(hostBatch()).isEqualTo("link del abc0000000001h\n" + NEW_PAIR);
    }

    @Test
    void ensureReplacesANamespaceFileLeftWithoutItsNamespace() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.answer(isNamespaceQuery(plan), new CommandResult(1, "",
                "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument\n"));

        network.ensure(plan);

        assertThat(hostBatch()).startsWith("netns del ab-c0000000001\nnetns add ab-c0000000001\n");
        assertThat(runner.commands()).hasSize(4);
    }

    @Test
    void ensureRaisesAnErrorNamingTheReservationAndTheFailedLine() {
        runner.fail(isHostBatch(), "Cannot find device \"abbr0afe0000\"\nCommand failed -:3\n"
                + "RTNETLINK answers: Operation not permitted\nCommand failed -:5\n");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001")
                .hasMessageContaining("`link add abc0000000001h mtu 1450 master abbr0afe0000 up type veth")
                .hasMessageContaining("Operation not permitted")
                .hasMessageContaining("`link set abbr0afe0000 mtu 1450 up` failed");
        assertThat(runner.commands()).as("no namespace batch after a failed host batch").hasSize(1);
    }

    @Test
    void ensureTreatsFileExistsAsAnErrorWhenItOutlivesTheRepair() {
        runner.fail(isHostBatch(), "RTNETLINK answers: File exists\nCommand failed -:5\n");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("link add abc0000000001h").hasMessageContaining("File exists");
        assertThat(runner.commands()).extracting(Command::argv).containsExactly(HOST_BATCH, HOST_QUERY, HOST_BATCH);
    }

    @Test
    void ensureRaisesAnErrorNamingTheNamespaceWhenItsBatchFails() {
        runner.fail(isNamespaceBatch(plan), "Error: Nexthop has invalid gateway.\nCommand failed -:4\n");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001 in netns ab-c0000000001")
                .hasMessageContaining("`route replace default via 10.254.0.1 dev abc0000000001c` failed: Error: Nexthop");
    }

    @Test
    void ensureRaisesWhenTheQueryFails() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.fail(isHostQuery(), "Cannot send dump request: Operation not permitted");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001").hasMessageContaining("Cannot send dump request");
        assertThat(runner.commands()).hasSize(1);
    }

    @Test
    void ensureRaisesWhenTheQueryFailsForMoreThanAMissingLink() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        runner.fail(isHostQuery(), "Device \"abbr0afe0000\" does not exist.\nCommand failed -:1\n"
                + "Error: Buffer too small for object.\nCommand failed -:2\n");

        assertThatThrownBy(() -> network.ensure(plan)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001").hasMessageContaining("Buffer too small");
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
    void isIntactIsFalseWithoutTheNamespaceWithoutAProcess() {
        assertThat(network.isIntact(plan)).isFalse();
        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void isIntactIsFalseWhenAnyPartHasDrifted() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));
        String namespace = array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink("abc0000000001c", MTU, null, "10.254.0.2/30"))
                + array(defaultRoute("10.254.0.1", "abc0000000001c"), onLinkRoute("10.254.0.0/30", "abc0000000001c"));
        String bridge = array(upLink("abbr0afe0000", MTU, null, "10.254.0.1/30"));
        List<String> driftedHosts = List.of(
                bridge + array(upLink("abc0000000001h", MTU, null)),
                bridge + array(link("abc0000000001h", MTU, false, "abbr0afe0000")),
                bridge + array(upLink("abc0000000001h", 1500, "abbr0afe0000")),
                array(upLink("abbr0afe0000", MTU, null)) + array(upLink("abc0000000001h", MTU, "abbr0afe0000")),
                array(upLink("abc0000000001h", MTU, "abbr0afe0000")),
                bridge);
        for (String host : driftedHosts) {
            FakeCommandRunner drifted = new FakeCommandRunner().answer(isHostQuery(), ok(host))
                    .answer(isNamespaceQuery(plan), ok(namespace));
            assertThat(network(drifted).isIntact(plan)).as(host).isFalse();
            assertThat(drifted.commands()).hasSize(2);
        }
        FakeCommandRunner intact = new FakeCommandRunner()
                .answer(isHostQuery(), ok(bridge + array(upLink("abc0000000001h", MTU, "abbr0afe0000"))))
                .answer(isNamespaceQuery(plan), ok(namespace));
        assertThat(network(intact).isIntact(plan)).isTrue();
    }

    @Test
    void destroyPutsTheHostEndDownAndDeletesTheNamespaceInOneProcess() throws IOException {
        Files.createFile(netnsDir.resolve(plan.netns()));

        network.destroy("c0000000001");

        assertThat(runner.commands()).hasSize(1);
        assertThat(runner.commands().get(0).argv()).isEqualTo(HOST_BATCH);
        assertThat(hostBatch()).isEqualTo("link set abc0000000001h down\nnetns del ab-c0000000001\n");
    }

    @Test
    void destroyWithoutTheNamespaceDeletesAHostEndLeftOver() {
        network.destroy("c0000000001");

        assertThat(runner.commands()).hasSize(1);
        assertThat(runner.commands().get(0).argv()).isEqualTo(HOST_BATCH);
        assertThat(hostBatch()).isEqualTo("link del abc0000000001h\n");
    }

    @Test
    void destroyOfWhatIsAlreadyGoneSucceeds() throws IOException {
        runner.fail(c -> c.stdin().startsWith("link set abc0000000001h down\nnetns del"),
                "Cannot find device \"abc0000000001h\"\nCommand failed -:1\n"
                        + "Cannot remove namespace file \"/var/run/netns/ab-c0000000001\": No such file or directory\n"
                        + "Command failed -:2\n");
        runner.fail(c -> c.stdin().startsWith("link del"), "Cannot find device \"x\"\nCommand failed -:1\n");

        network.destroy("c0000000001");
        Files.createFile(netnsDir.resolve(plan.netns()));
        network.destroy("c0000000001");
        network.destroyBridge("abbr0afe0000");
        network.destroyLink("abc0000000001h");

        assertThat(runner.commands()).hasSize(4);
    }

    @Test
    void destroyRaisesAnErrorNamingTheReservation() throws IOException {
        runner.fail(isHostBatch(), "RTNETLINK answers: Operation not permitted\nCommand failed -:1\n");

        assertThatThrownBy(() -> network.destroy("c0000000001")).isInstanceOf(NetworkException.class)
                .hasMessageContaining("container c0000000001").hasMessageContaining("Operation not permitted");
        Files.createFile(netnsDir.resolve(plan.netns()));
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
        runner.answer(isHostQuery().and(c -> c.stdin().contains(" " + p.bridge() + "\n")),
                ok(array(upLink(p.bridge(), MTU, null, p.gateway() + cidr))
                        + "\n" + array(upLink(p.hostInterface(), MTU, p.bridge()))));
        runner.answer(isNamespaceQuery(p), ok(array(upLink("lo", 65536, null, "127.0.0.1/8"),
                upLink(p.containerInterface(), MTU, null, p.ip() + cidr))
                + "\n" + array(defaultRoute(p.gateway(), p.containerInterface()),
                        onLinkRoute(p.subnet().toString(), p.containerInterface()))));
    }

    private String hostBatch() {
        return runner.commands().stream().filter(isHostBatch()).map(Command::stdin).findFirst().orElseThrow();
    }

    private String namespaceBatch() {
        return runner.commands().stream().filter(isNamespaceBatch(plan)).map(Command::stdin).findFirst()
                .orElseThrow();
    }

    private static Predicate<Command> isHostBatch() {
        return c -> c.argv().equals(HOST_BATCH);
    }

    private static Predicate<Command> isHostQuery() {
        return c -> c.argv().equals(HOST_QUERY);
    }

    private Predicate<Command> isNamespaceQuery(NetworkPlan p) {
        return startsWith("nsenter", "--net=" + netnsDir.resolve(p.netns()), "ip", "-j");
    }

    private Predicate<Command> isNamespaceBatch(NetworkPlan p) {
        return startsWith("nsenter", "--net=" + netnsDir.resolve(p.netns()), "ip", "-force");
    }

    private static String kind(Command c) {
        boolean query = c.argv().contains("-j");
        if (c.program().equals("nsenter")) {
            return query ? "netns query" : "netns batch";
        }
        return query ? "host query" : "host batch";
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    private NetworkPlan plan(String id, String subnet, String ip) {
        Cidr cidr = Cidr.parse(subnet);
        return new NetworkPlan(id, names.namespace(id), names.bridge(cidr), names.hostInterface(id),
                names.containerInterface(id), cidr, ip, Ipv4.format(cidr.gateway()), MTU);
    }

    /**
     * A kernel for one ensure: host batches answer in turn (then succeed), and a host batch that creates the
     * namespace leaves its file behind as ip netns add does.
     */
    private final class ScriptedKernel implements CommandRunner {
        final List<Command> commands = new ArrayList<>();
        final List<CommandResult> hostBatches = new ArrayList<>();
        CommandResult hostQuery = ok("");
        CommandResult namespaceQuery = ok("");

        @Override
        public CommandResult run(Command command) {
            commands.add(command);
            if (command.argv().equals(HOST_QUERY)) {
                return hostQuery;
            }
            if (command.argv().get(0).equals("nsenter")) {
                return command.argv().contains("-j") ? namespaceQuery : ok("");
            }
            for (String line : command.stdin().split("\n")) {
                if (line.startsWith("netns add ")) {
                    try {
                        Files.createFile(netnsDir.resolve(line.substring("netns add ".length())));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return hostBatches.isEmpty() ? ok("") : hostBatches.remove(0);
        }
    }
}
