package dev.allotment.node.firewall;

import static dev.allotment.node.firewall.FirewallTopology.CONTAINER_ANSWER;
import static dev.allotment.node.firewall.FirewallTopology.CONTAINER_PORT;
import static dev.allotment.node.firewall.FirewallTopology.WORLD_ANSWER;
import static dev.allotment.node.firewall.FirewallTopology.WORLD_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.Protocol;
import dev.allotment.node.ContainerRules;
import dev.allotment.node.EgressRule;
import dev.allotment.node.Firewall;
import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.KernelLeaks;
import dev.allotment.node.KernelNames;
import dev.allotment.node.PortMapping;
import dev.allotment.node.Privileged;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The firewall against the real kernel, with traffic between namespaces and dummy links this test makes. */
@Privileged
class NftFirewallIT {
    private static final String ID = "fatest00001";
    private static final int HOST_PORT = 61001;
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();

    private static String prefix;
    private static KernelNames names;
    private static FirewallTopology net;

    private NftFirewall firewall;

    @BeforeAll
    static void buildTopology() {
        Privileged.Support.requireRoot();
        prefix = Privileged.Support.uniquePrefix();
        names = new KernelNames(prefix);
        net = new FirewallTopology(names, ID);
    }

    @AfterAll
    static void removeTopology() {
        if (net != null) {
            net.close();
        }
        if (names != null) {
            new NftFirewall(RUNNER, names).tearDown();
            assertThat(KernelLeaks.find(prefix, null)).isEmpty();
        }
    }

    @BeforeEach
    void setUpFirewall() {
        firewall = new NftFirewall(RUNNER, names);
        firewall.setUp(policy());
    }

    @AfterEach
    void tearDownFirewall() {
        firewall.tearDown();
    }

    @Test
    void aProcessOnTheNodeReachesTheReservationThroughExternalIpAndHostPort() {
        firewall.apply(rules(HOST_PORT, List.of()));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> net.askFromHost(net.externalIp, HOST_PORT), is(CONTAINER_ANSWER));
    }

    @Test
    void denyNetworksAreUnreachableWhileAllowedAndOtherNetworksAreReachedThroughMasquerade() {
        firewall.apply(rules(HOST_PORT, List.of()));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> net.askFromContainer(net.openAddress, WORLD_PORT), is(WORLD_ANSWER));
        assertThat(net.askFromContainer(net.allowedInDenied, WORLD_PORT)).contains(WORLD_ANSWER);
        assertThat(net.askFromHost(net.deniedAddress, WORLD_PORT)).as("the listener answers the node")
                .contains(WORLD_ANSWER);
        assertThat(net.askFromContainer(net.deniedAddress, WORLD_PORT)).isEmpty();
    }

    @Test
    void aNetOutAllowOpensADeniedNetworkAndReapplyingReplacesNetOutAndNetIn() {
        EgressRule allow = new EgressRule(NetOutProtocol.TCP, List.of(net.deniedNetwork.toString()),
                List.of(WORLD_PORT + "-" + (WORLD_PORT + 10)), true);
        firewall.apply(rules(HOST_PORT, List.of(allow)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> net.askFromContainer(net.deniedAddress, WORLD_PORT), is(WORLD_ANSWER));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> net.askFromHost(net.externalIp, HOST_PORT), is(CONTAINER_ANSWER));

        firewall.apply(rules(HOST_PORT + 1, List.of()));

        assertThat(net.askFromContainer(net.deniedAddress, WORLD_PORT)).isEmpty();
        assertThat(net.askFromHost(net.externalIp, HOST_PORT + 1)).contains(CONTAINER_ANSWER);
        assertThat(net.askFromHost(net.externalIp, HOST_PORT)).isEmpty();
        assertThat(firewall.isIntact(rules(HOST_PORT + 1, List.of()))).isTrue();
    }

    @Test
    void setUpAgainKeepsReservationsAndIsIntactNoticesWhatIsMissing() {
        ContainerRules rules = rules(HOST_PORT, List.of());
        firewall.apply(rules);

        firewall.setUp(new FirewallPolicy(List.of(), List.of("10.0.0.0/8")));

        assertThat(firewall.isIntact(rules)).isTrue();
        assertThat(firewall.isIntact(rules(HOST_PORT + 1, List.of()))).isFalse();
        nft("delete element inet " + names.firewallTable() + " netin { " + net.externalIp + " . tcp . " + HOST_PORT
                + " }");
        assertThat(firewall.isIntact(rules)).isFalse();
        firewall.apply(rules);
        assertThat(firewall.isIntact(rules)).isTrue();
    }

    @Test
    void afterTheTableIsLostSetUpAndApplyRebuildIt() {
        ContainerRules rules = rules(HOST_PORT, List.of());
        firewall.apply(rules);
        nft("delete table inet " + names.firewallTable());

        assertThat(firewall.isIntact(rules)).isFalse();
        firewall.setUp(policy());
        firewall.apply(rules);

        assertThat(firewall.isIntact(rules)).isTrue();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> net.askFromHost(net.externalIp, HOST_PORT), is(CONTAINER_ANSWER));
        assertThat(net.askFromContainer(net.deniedAddress, WORLD_PORT)).isEmpty();
    }

    @Test
    void theSweepRemovesWhatNobodyKeepsAndLeavesTheRest() {
        Cidr otherSubnet = Cidr.containing(net.subnet.network() + 4, 30);
        ContainerRules orphan = new ContainerRules("fatest00002", otherSubnet,
                Ipv4.format(otherSubnet.network() + 2), names.bridge(otherSubnet), net.externalIp,
                List.of(new PortMapping(HOST_PORT + 5, 80, Protocol.UDP)), List.of());
        firewall.apply(rules(HOST_PORT, List.of()));
        firewall.apply(orphan);
        assertThat(firewall.inventory())
                .isEqualTo(new Firewall.Inventory(Set.of(ID, "fatest00002"), Set.of(net.subnet, otherSubnet)));

        int removed = firewall.removeAllExcept(Set.of(ID), Set.of(net.subnet));

        assertThat(removed).isEqualTo(2);
        assertThat(firewall.inventory()).isEqualTo(new Firewall.Inventory(Set.of(ID), Set.of(net.subnet)));
        assertThat(firewall.isIntact(orphan)).isFalse();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> net.askFromHost(net.externalIp, HOST_PORT), is(CONTAINER_ANSWER));
    }

    @Test
    void removeRemoveSubnetAndTearDownLeaveNothingBehind() {
        ContainerRules rules = rules(HOST_PORT, List.of());
        firewall.apply(rules);

        firewall.remove(rules);
        firewall.remove(rules);
        assertThat(firewall.inventory()).isEqualTo(new Firewall.Inventory(Set.of(), Set.of(net.subnet)));
        firewall.removeSubnet(net.subnet);
        firewall.removeSubnet(net.subnet);
        assertThat(firewall.inventory()).isEqualTo(new Firewall.Inventory(Set.of(), Set.of()));
        assertThat(net.askFromHost(net.externalIp, HOST_PORT)).isEmpty();
        firewall.tearDown();
        firewall.tearDown();

        assertThat(RUNNER.check(Command.of("nft", "list", "tables")).stdout()).doesNotContain(names.firewallTable());
        firewall.remove(rules);
        firewall.removeSubnet(net.subnet);
        assertThat(RUNNER.check(Command.of("nft", "list", "tables")).stdout()).doesNotContain(names.firewallTable());
    }

    private static FirewallPolicy policy() {
        Cidr upperHalf = Cidr.containing(net.deniedNetwork.network() + 128, 25);
        return new FirewallPolicy(List.of(upperHalf.toString()), List.of(net.deniedNetwork.toString()));
    }

    private static ContainerRules rules(int hostPort, List<EgressRule> netOut) {
        return new ContainerRules(ID, net.subnet, net.containerIp, net.bridge(), net.externalIp,
                List.of(new PortMapping(hostPort, CONTAINER_PORT, Protocol.TCP)), netOut);
    }

    private static Matcher<Optional<String>> is(String answer) {
        return Matchers.equalTo(Optional.of(answer));
    }

    private static void nft(String script) {
        RUNNER.check(Command.of("nft", "-f", "-").withStdin(script + "\n"));
    }
}
