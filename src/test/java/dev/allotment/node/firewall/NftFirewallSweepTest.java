package dev.allotment.node.firewall;

import static dev.allotment.node.exec.FakeCommandRunner.startsWith;
import static dev.allotment.node.firewall.FirewallFixtures.ID;
import static dev.allotment.node.firewall.FirewallFixtures.LISTING;
import static dev.allotment.node.firewall.FirewallFixtures.NAMES;
import static dev.allotment.node.firewall.FirewallFixtures.OTHER_ID;
import static dev.allotment.node.firewall.FirewallFixtures.RICH;
import static dev.allotment.node.firewall.FirewallFixtures.SUBNET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.allotment.node.Firewall;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.FakeCommandRunner;
import dev.allotment.pool.Cidr;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NftFirewallSweepTest {
    private static final CommandResult NO_TABLE =
            new CommandResult(1, "", "Error: No such file or directory\nlist table inet allotment_zq9\n");

    private final FakeCommandRunner runner = new FakeCommandRunner()
            .answer(startsWith("nft", "-j", "list", "table"), new CommandResult(0, LISTING, ""));
    private final NftFirewall firewall = new NftFirewall(runner, NAMES);

    @Test
    void inventoryNamesEveryOwnerFromOneListing() {
        Firewall.Inventory inventory = firewall.inventory();

        assertThat(inventory.containerIds()).containsExactlyInAnyOrder(ID, OTHER_ID);
        assertThat(inventory.subnets()).containsExactlyInAnyOrder(SUBNET, Cidr.parse("10.254.0.4/30"),
                Cidr.parse("10.254.0.8/30"));
        assertThat(runner.commandLines()).containsExactly("nft -j list table inet allotment_zq9");
    }

    @Test
    void inventoryOfAMissingTableIsEmpty() {
        NftFirewall noTable = new NftFirewall(new FakeCommandRunner()
                .answer(startsWith("nft", "-j", "list", "table"), NO_TABLE), NAMES);

        assertThat(noTable.inventory()).isEqualTo(new Firewall.Inventory(Set.of(), Set.of()));
    }

    @Test
    void removeAllExceptDeletesOrphanChainsElementsAndSubnetsInOneTransaction() {
        int removed = firewall.removeAllExcept(Set.of(ID), Set.of(SUBNET));

        assertThat(removed).isEqualTo(3);
        assertThat(runner.commandLines()).containsExactly("nft -j list table inet allotment_zq9", "nft -f -");
        assertThat(runner.commands().get(1).stdin()).isEqualTo("""
                delete element inet allotment_zq9 egress { 10.254.0.6 }
                delete element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60010 }
                flush chain inet allotment_zq9 out_bbbbbbbbbbb
                delete chain inet allotment_zq9 out_bbbbbbbbbbb
                delete element inet allotment_zq9 borders { 10.254.0.4/30 . 0.0.0.0-10.254.0.3 }
                delete element inet allotment_zq9 borders { 10.254.0.4/30 . 10.254.0.8-255.255.255.255 }
                delete element inet allotment_zq9 borders { 10.254.0.8/30 . 0.0.0.0-10.254.0.7 }
                delete element inet allotment_zq9 borders { 10.254.0.8/30 . 10.254.0.12-255.255.255.255 }
                """);
    }

    @Test
    void removeAllExceptWhenEverythingIsKeptChangesNothing() {
        int removed = firewall.removeAllExcept(Set.of(ID, OTHER_ID),
                Set.of(SUBNET, Cidr.parse("10.254.0.4/30"), Cidr.parse("10.254.0.8/30")));

        assertThat(removed).isZero();
        assertThat(runner.commandLines()).containsExactly("nft -j list table inet allotment_zq9");
    }

    @Test
    void removeAllExceptOnAMissingTableRemovesNothing() {
        FakeCommandRunner noTable = new FakeCommandRunner()
                .answer(startsWith("nft", "-j", "list", "table"), NO_TABLE);

        assertThat(new NftFirewall(noTable, NAMES).removeAllExcept(Set.of(), Set.of())).isZero();
        assertThat(noTable.commandLines()).hasSize(1);
    }

    @Test
    void isIntactWhenTheChainCarriesTheseRulesFingerprintAndEveryElementIsThere() {
        runner.answer(startsWith("nft", "-j", "list", "chain"), new CommandResult(0, chainListing(
                ContainerPlan.of(RICH, NAMES).chainRules().size(), ContainerPlan.of(RICH, NAMES).fingerprint()), ""));

        assertThat(firewall.isIntact(RICH)).isTrue();
        assertThat(runner.commandLines()).containsExactly(
                "nft -j list chain inet allotment_zq9 out_0123456789a", "nft -f -");
        assertThat(runner.commands().get(1).stdin()).isEqualTo("""
                get element inet allotment_zq9 egress { 10.254.0.2 }
                get element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60001 }
                get element inet allotment_zq9 netin { 10.99.0.1 . udp . 60001 }
                get element inet allotment_zq9 netin { 10.99.0.1 . tcp . 60002 }
                get element inet allotment_zq9 borders { 10.254.0.0/30 . 0.0.0.0-10.253.255.255,\
                 10.254.0.0/30 . 10.254.0.4-255.255.255.255 }
                """);
    }

    @Test
    void isNotIntactWhenTheChainIsMissing() {
        runner.answer(startsWith("nft", "-j", "list", "chain"), NO_TABLE);

        assertThat(firewall.isIntact(RICH)).isFalse();
    }

    @Test
    void isNotIntactWhenTheChainHoldsOtherRules() {
        ContainerPlan plan = ContainerPlan.of(RICH, NAMES);
        runner.answer(startsWith("nft", "-j", "list", "chain"),
                new CommandResult(0, chainListing(plan.chainRules().size(), ID + " 000000000000"), ""));

        assertThat(firewall.isIntact(RICH)).isFalse();
    }

    @Test
    void isNotIntactWhenARuleIsMissing() {
        ContainerPlan plan = ContainerPlan.of(RICH, NAMES);
        runner.answer(startsWith("nft", "-j", "list", "chain"),
                new CommandResult(0, chainListing(plan.chainRules().size() - 1, plan.fingerprint()), ""));

        assertThat(firewall.isIntact(RICH)).isFalse();
    }

    @Test
    void isNotIntactWhenAnElementIsMissing() {
        ContainerPlan plan = ContainerPlan.of(RICH, NAMES);
        runner.answer(startsWith("nft", "-j", "list", "chain"),
                new CommandResult(0, chainListing(plan.chainRules().size(), plan.fingerprint()), ""));
        runner.fail(startsWith("nft", "-f", "-"), "Error: Could not process rule: No such file or directory");

        assertThat(firewall.isIntact(RICH)).isFalse();
    }

    /** What {@code nft -j list chain} prints: the chain, rules without a comment, then the commented last one. */
    private static String chainListing(int uncommented, String lastComment) {
        StringBuilder json = new StringBuilder("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
                + " {\"chain\": {\"family\": \"inet\", \"table\": \"allotment_zq9\", \"name\": \"out_0123456789a\"}}");
        for (int i = 0; i < uncommented; i++) {
            json.append(", {\"rule\": {\"family\": \"inet\", \"table\": \"allotment_zq9\", \"chain\": \"out_0123456789a\","
                    + " \"handle\": ").append(i + 2).append(", \"expr\": [{\"accept\": null}]}}");
        }
        json.append(", {\"rule\": {\"family\": \"inet\", \"table\": \"allotment_zq9\", \"chain\": \"out_0123456789a\","
                + " \"handle\": 99, \"comment\": \"").append(lastComment)
                .append("\", \"expr\": [{\"goto\": {\"target\": \"node_policy\"}}]}}]}");
        return json.toString();
    }
}
