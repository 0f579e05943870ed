package dev.allotment.node.firewall;

import static dev.allotment.node.exec.FakeCommandRunner.startsWith;
import static dev.allotment.node.firewall.FirewallFixtures.ID;
import static dev.allotment.node.firewall.FirewallFixtures.LISTING;
import static dev.allotment.node.firewall.FirewallFixtures.NAMES;
import static dev.allotment.node.firewall.FirewallFixtures.POLICY;
import static dev.allotment.node.firewall.FirewallFixtures.RICH;
import static dev.allotment.node.firewall.FirewallFixtures.SUBNET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Protocol;
import dev.allotment.node.ContainerRules;
import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.PortMapping;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.FakeCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftFirewallTest {
    private static final String TABLE = "inet allotment_zq9";
    private static final String RICH_SCRIPT = """
            add chain inet allotment_zq9 out_0123456789a
            flush chain inet allotment_zq9 out_0123456789a
            add rule inet allotment_zq9 out_0123456789a ip daddr 10.254.0.0/30 accept
            add rule inet allotment_zq9 out_0123456789a ip daddr . tcp dport { 1.2.3.0/24 . 80, 1.2.3.0/24 . 8000-8080,\
             8.8.8.8 . 80, 8.8.8.8 . 8000-8080 } log prefix "zq9-0123456789a " accept
            add rule inet allotment_zq9 out_0123456789a ip daddr 10.98.0.1-10.98.0.20 accept
            add rule inet allotment_zq9 out_0123456789a ip daddr 192.168.0.0/16 accept
            add rule inet allotment_zq9 out_0123456789a udp dport 53 accept
            add rule inet allotment_zq9 out_0123456789a goto node_policy comment "0123456789a 0e7a5b5d6b2a"
            add element inet allotment_zq9 egress { 10.254.0.2 comment "0123456789a" : goto out_0123456789a }
            add element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60001 comment "0123456789a" : 10.254.0.2 . 8080 }
            add element inet allotment_zq9 netin { 10.99.0.1 . udp . 60001 comment "0123456789a" : 10.254.0.2 . 8080 }
            add element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 comment "0123456789a" : 10.254.0.2 . 22 }
            add element inet allotment_zq9 borders { 10.254.0.0/30 . 0.0.0.0-10.253.255.255,\
             10.254.0.0/30 . 10.254.0.4-255.255.255.255 }
            """;

    private final FakeCommandRunner runner = new FakeCommandRunner()
            .answer(startsWith("nft", "-j", "list", "table"), new CommandResult(0, LISTING, ""));
    private final NftFirewall firewall = new NftFirewall(runner, NAMES);

    @Test
    void setUpBuildsTableChainsAndPolicyInOneTransactionThenLearnsTheTable() {
        firewall.setUp(POLICY);

        assertThat(runner.commandLines()).containsExactly("nft -f -", "nft -j list table " + TABLE);
        assertThat(runner.commands().get(0).stdin()).isEqualTo("""
                add table inet allotment_zq9
                add set inet allotment_zq9 allow_nets { type ipv4_addr; flags interval; }
                add set inet allotment_zq9 deny_nets { type ipv4_addr; flags interval; }
                add map inet allotment_zq9 egress { type ipv4_addr : verdict; }
                add map inet allotment_zq9 netin { type ipv4_addr . inet_proto . inet_service\
                 : ipv4_addr . inet_service; }
                add set inet allotment_zq9 borders { type ipv4_addr . ipv4_addr; flags interval; }
                add chain inet allotment_zq9 forward { type filter hook forward priority 0; policy accept; }
                add chain inet allotment_zq9 prerouting { type nat hook prerouting priority -100; policy accept; }
                add chain inet allotment_zq9 output { type nat hook output priority -100; policy accept; }
                add chain inet allotment_zq9 postrouting { type nat hook postrouting priority 100; policy accept; }
                add chain inet allotment_zq9 node_policy
                flush chain inet allotment_zq9 forward
                flush chain inet allotment_zq9 prerouting
                flush chain inet allotment_zq9 output
                flush chain inet allotment_zq9 postrouting
                flush chain inet allotment_zq9 node_policy
                flush set inet allotment_zq9 allow_nets
                add element inet allotment_zq9 allow_nets { 10.0.0.0/8, 192.168.1.1-192.168.1.9 }
                flush set inet allotment_zq9 deny_nets
                add element inet allotment_zq9 deny_nets { 10.98.0.0/16, 172.16.0.0/12 }
                add rule inet allotment_zq9 node_policy ip daddr @allow_nets accept
                add rule inet allotment_zq9 node_policy ip daddr @deny_nets reject
                add rule inet allotment_zq9 node_policy accept
                add rule inet allotment_zq9 forward ct state established,related accept
                add rule inet allotment_zq9 forward meta nfproto ipv6 iifname "zq9br*" drop
                add rule inet allotment_zq9 forward ip saddr vmap @egress
                add rule inet allotment_zq9 forward ip saddr . ip daddr @borders goto node_policy
                add rule inet allotment_zq9 forward ct status dnat accept
                add rule inet allotment_zq9 forward ip daddr . ip saddr @borders drop
                add rule inet allotment_zq9 prerouting dnat ip to ip daddr . meta l4proto . th dport map @netin
                add rule inet allotment_zq9 output dnat ip to ip daddr . meta l4proto . th dport map @netin
                add rule inet allotment_zq9 postrouting ip saddr . ip daddr @borders masquerade
                """);
    }

    @Test
    void setUpWithAnEmptyPolicyEmptiesThePolicySets() {
        firewall.setUp(new FirewallPolicy(List.of(), List.of()));

        assertThat(runner.commands().get(0).stdin())
                .contains("flush set inet allotment_zq9 allow_nets\nflush set inet allotment_zq9 deny_nets\n")
                .doesNotContain("add element");
    }

    @Test
    void applyWritesTheWholeReservationInOneProcess() {
        firewall.setUp(POLICY);
        runner.reset();

        firewall.apply(RICH);

        assertThat(runner.commandLines()).containsExactly("nft -f -");
        assertThat(runner.commands().get(0).stdin()).isEqualTo(RICH_SCRIPT);
    }

    @Test
    void applyReplacesNetInThatChangedByDroppingTheOldElementsInTheSameTransaction() {
        firewall.setUp(POLICY);
        firewall.apply(RICH);
        runner.reset();

        firewall.apply(FirewallFixtures.rules(List.of(new PortMapping(60001, 8080, Protocol.TCP),
                new PortMapping(60002, 2222, Protocol.TCP)), List.of()));

        assertThat(runner.commandLines()).containsExactly("nft -f -");
        assertThat(runner.commands().get(0).stdin()).isEqualTo("""
                add chain inet allotment_zq9 out_0123456789a
                flush chain inet allotment_zq9 out_0123456789a
                add rule inet allotment_zq9 out_0123456789a ip daddr 10.254.0.0/30 accept
                add rule inet allotment_zq9 out_0123456789a goto node_policy comment "0123456789a 1346ff9780a8"
                add element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 comment "0123456789a" : 10.254.0.2 . 22 }
                delete element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 }
                add element inet allotment_zq9 netin { 10.99.0.1 . udp . 60001 comment "0123456789a" : 10.254.0.2 . 8080 }
                delete element inet allotment_zq9 netin { 10.99.0.1 . udp . 60001 }
                add element inet allotment_zq9 egress { 10.254.0.2 comment "0123456789a" : goto out_0123456789a }
                add element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60001 comment "0123456789a" : 10.254.0.2 . 8080 }
                add element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 comment "0123456789a" : 10.254.0.2 . 2222 }
                add element inet allotment_zq9 borders { 10.254.0.0/30 . 0.0.0.0-10.253.255.255,\
                 10.254.0.0/30 . 10.254.0.4-255.255.255.255 }
                """);
    }

    @Test
    void applyAfterARestartLearnsWhatTheReservationOwnedFromOneListing() {
        ContainerRules moved = FirewallFixtures.rules(List.of(new PortMapping(60003, 8080, Protocol.TCP)), List.of());

        firewall.apply(moved);
        firewall.apply(moved);

        assertThat(runner.commandLines()).containsExactly("nft -j list table " + TABLE, "nft -f -", "nft -f -");
        assertThat(runner.commands().get(1).stdin())
                .contains("delete element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60001 }\n")
                .contains("delete element inet allotment_zq9 netin { 10.99.0.1 . udp . 60001 }\n")
                .contains("delete element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 }\n")
                .doesNotContain("60010");
        assertThat(runner.commands().get(2).stdin()).doesNotContain("delete");
    }

    @Test
    void removeDropsChainAndElementsInOneProcessWhetherOrNotTheyExist() {
        firewall.setUp(POLICY);
        runner.reset();

        firewall.remove(RICH);

        assertThat(runner.commandLines()).containsExactly("nft -f -");
        assertThat(runner.commands().get(0).stdin()).isEqualTo("""
                add chain inet allotment_zq9 out_0123456789a
                add element inet allotment_zq9 egress { 10.254.0.2 comment "0123456789a" : goto out_0123456789a }
                delete element inet allotment_zq9 egress { 10.254.0.2 }
                add element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60001 comment "0123456789a" : 10.254.0.2 . 8080 }
                delete element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60001 }
                add element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 comment "0123456789a" : 10.254.0.2 . 22 }
                delete element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 }
                add element inet allotment_zq9 netin { 10.99.0.1 . udp . 60001 comment "0123456789a" : 10.254.0.2 . 8080 }
                delete element inet allotment_zq9 netin { 10.99.0.1 . udp . 60001 }
                flush chain inet allotment_zq9 out_0123456789a
                delete chain inet allotment_zq9 out_0123456789a
                """);
    }

    @Test
    void removeLeavesTheSubnetBordersAndRemoveSubnetDropsThem() {
        firewall.setUp(POLICY);
        runner.reset();

        firewall.remove(RICH);
        firewall.removeSubnet(SUBNET);

        assertThat(runner.commands().get(0).stdin()).doesNotContain("borders");
        assertThat(runner.commands().get(1).stdin()).isEqualTo("""
                add element inet allotment_zq9 borders { 10.254.0.0/30 . 0.0.0.0-10.253.255.255,\
                 10.254.0.0/30 . 10.254.0.4-255.255.255.255 }
                delete element inet allotment_zq9 borders { 10.254.0.0/30 . 0.0.0.0-10.253.255.255,\
                 10.254.0.0/30 . 10.254.0.4-255.255.255.255 }
                """);
    }

    @Test
    void removeAndRemoveSubnetDoNothingWhenTheTableIsGone() {
        FakeCommandRunner noTable = new FakeCommandRunner().answer(startsWith("nft", "-j", "list", "table"),
                new CommandResult(1, "", "Error: No such file or directory\nlist table inet allotment_zq9\n"));
        NftFirewall afterReboot = new NftFirewall(noTable, NAMES);

        afterReboot.remove(RICH);
        afterReboot.removeSubnet(SUBNET);

        assertThat(noTable.commandLines()).containsExactly("nft -j list table " + TABLE);
    }

    @Test
    void tearDownDeletesTheTableInAWayThatSucceedsWhenItIsGone() {
        firewall.tearDown();

        assertThat(runner.commandLines()).containsExactly("nft -f -");
        assertThat(runner.commands().get(0).stdin())
                .isEqualTo("add table inet allotment_zq9\ndelete table inet allotment_zq9\n");
    }

    @Test
    void failingNftRaisesAnErrorNamingTheContainerAndCarryingNftsStderr() {
        firewall.setUp(POLICY);
        runner.fail(startsWith("nft", "-f", "-"), "Error: Could not process rule: File exists");

        assertThatThrownBy(() -> firewall.apply(RICH)).isInstanceOf(FirewallException.class)
                .hasMessageContaining("container " + ID).hasMessageContaining("Could not process rule: File exists");
        assertThatThrownBy(() -> firewall.remove(RICH)).isInstanceOf(FirewallException.class)
                .hasMessageContaining("container " + ID).hasMessageContaining("File exists");
    }

    @Test
    void aFailedTransactionMakesTheNextChangeLearnTheTableAgain() {
        firewall.setUp(POLICY);
        runner.reset();
        runner.fail(startsWith("nft", "-f", "-"), "Error: interrupted");
        assertThatThrownBy(() -> firewall.apply(RICH)).isInstanceOf(FirewallException.class);
        runner.reset();
        runner.answer(startsWith("nft", "-j", "list", "table"), new CommandResult(0, LISTING, ""));

        firewall.apply(RICH);

        assertThat(runner.commandLines()).containsExactly("nft -j list table " + TABLE, "nft -f -");
    }

    @Test
    void refusesInvalidRulesBeforeRunningAnything() {
        ContainerRules badIp = new ContainerRules(ID, SUBNET, "10.254.0.9", "zq9br0afe0000", "10.99.0.1", List.of(),
                List.of());
        ContainerRules badId = new ContainerRules("0123456789A; flush ruleset", SUBNET, "10.254.0.2", "b",
                "10.99.0.1", List.of(), List.of());
        ContainerRules badPort = FirewallFixtures.rules(List.of(new PortMapping(0, 80, Protocol.TCP)), List.of());

        for (ContainerRules bad : List.of(badIp, badId, badPort)) {
            assertThatThrownBy(() -> firewall.apply(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(runner.commands()).isEmpty();
    }
}
