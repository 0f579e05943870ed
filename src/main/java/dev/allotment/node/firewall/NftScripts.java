package dev.allotment.node.firewall;

import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.KernelNames;
import dev.allotment.pool.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the nft scripts of the agent's table, one transaction each, from validated values only.
 *
 * <p>Layout (family inet, see {@link NftFirewall}):
 * <pre>
 * forward (filter hook)      ct state established,related accept
 *                            IPv6 from a reservation bridge: drop
 *                            ip saddr vmap @egress              container IP : goto out_ID
 *                            ip saddr . ip daddr @borders  goto node_policy   (an unknown source leaving a subnet)
 *                            ct status dnat accept
 *                            ip daddr . ip saddr @borders  drop               (anything else entering a subnet)
 * out_ID                     own subnet accept, NetOut accepts, goto node_policy (comment: ID and fingerprint)
 * node_policy                @allow_nets accept, @deny_nets reject, accept
 * prerouting, output (nat)   dnat to the @netin map: externalIp . l4proto . port : ip . port (comment: ID)
 * postrouting (nat)          ip saddr . ip daddr @borders masquerade
 * </pre>
 * {@code borders} holds, per subnet S, the pairs (S, every address outside S): the same set says that a packet
 * leaves a subnet (masquerade) or enters one from outside (drop), keyed by subnet only.
 */
final class NftScripts {
    static final String FORWARD = "forward";
    static final String PREROUTING = "prerouting";
    static final String OUTPUT = "output";
    static final String POSTROUTING = "postrouting";
    static final String NODE_POLICY = "node_policy";
    static final String ALLOW = "allow_nets";
    static final String DENY = "deny_nets";
    static final String EGRESS = "egress";
    static final String NETIN = "netin";
    static final String BORDERS = "borders";
    static final Set<String> BASE_CHAINS = Set.of(FORWARD, PREROUTING, OUTPUT, POSTROUTING, NODE_POLICY);

    private static final String DNAT_TO_NETIN = "dnat ip to ip daddr . meta l4proto . th dport map @" + NETIN;

    private final String table;
    private final String bridges;

    NftScripts(KernelNames names) {
        this.table = "inet " + names.firewallTable();
        this.bridges = names.prefix() + "br*";
    }

    String table() {
        return table;
    }

    /** Creates what is missing and rebuilds the global rules and policy sets; leaves per-container state alone. */
    String setUp(FirewallPolicy policy) {
        Script s = new Script();
        s.add("add table " + table);
        s.add("add set " + table + " " + ALLOW + " { type ipv4_addr; flags interval; }");
        s.add("add set " + table + " " + DENY + " { type ipv4_addr; flags interval; }");
        s.add("add map " + table + " " + EGRESS + " { type ipv4_addr : verdict; }");
        s.add("add map " + table + " " + NETIN
                + " { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; }");
        s.add("add set " + table + " " + BORDERS + " { type ipv4_addr . ipv4_addr; flags interval; }");
        s.add("add chain " + table + " " + FORWARD + " { type filter hook forward priority 0; policy accept; }");
        s.add("add chain " + table + " " + PREROUTING
                + " { type nat hook prerouting priority -100; policy accept; }");
        s.add("add chain " + table + " " + OUTPUT + " { type nat hook output priority -100; policy accept; }");
        s.add("add chain " + table + " " + POSTROUTING
                + " { type nat hook postrouting priority 100; policy accept; }");
        s.add("add chain " + table + " " + NODE_POLICY);
        for (String chain : List.of(FORWARD, PREROUTING, OUTPUT, POSTROUTING, NODE_POLICY)) {
            s.add("flush chain " + table + " " + chain);
        }
        policySet(s, ALLOW, policy.allowNetworks());
        policySet(s, DENY, policy.denyNetworks());
        s.add("add rule " + table + " " + NODE_POLICY + " ip daddr @" + ALLOW + " accept");
        s.add("add rule " + table + " " + NODE_POLICY + " ip daddr @" + DENY + " reject");
        s.add("add rule " + table + " " + NODE_POLICY + " accept");
        s.add("add rule " + table + " " + FORWARD + " ct state established,related accept");
        s.add("add rule " + table + " " + FORWARD + " meta nfproto ipv6 iifname \"" + bridges + "\" drop");
        s.add("add rule " + table + " " + FORWARD + " ip saddr vmap @" + EGRESS);
        s.add("add rule " + table + " " + FORWARD + " ip saddr . ip daddr @" + BORDERS + " goto " + NODE_POLICY);
        s.add("add rule " + table + " " + FORWARD + " ct status dnat accept");
        s.add("add rule " + table + " " + FORWARD + " ip daddr . ip saddr @" + BORDERS + " drop");
        s.add("add rule " + table + " " + PREROUTING + " " + DNAT_TO_NETIN);
        s.add("add rule " + table + " " + OUTPUT + " " + DNAT_TO_NETIN);
        s.add("add rule " + table + " " + POSTROUTING + " ip saddr . ip daddr @" + BORDERS + " masquerade");
        return s.text();
    }

    /**
     * Replaces everything the container owns: rebuilds its chain, drops the elements it owned before that the plan no
     * longer has, adds the plan's elements and its subnet's borders.
     */
    String apply(ContainerPlan plan, Owned before) {
        Script s = new Script();
        String chain = plan.chain();
        s.add("add chain " + table + " " + chain);
        s.add("flush chain " + table + " " + chain);
        plan.chainRules().forEach(rule -> s.add("add rule " + table + " " + chain + " " + rule));
        s.add("add rule " + table + " " + chain + " goto " + NODE_POLICY + " comment \"" + plan.fingerprint() + "\"");
        Owned after = plan.owned();
        before.egressIps().stream().filter(ip -> !after.egressIps().contains(ip)).sorted()
                .forEach(ip -> dropEgress(s, plan.containerId(), ip));
        before.netIn().stream().filter(e -> !after.netIn().contains(e)).sorted(NftScripts::byKey)
                .forEach(e -> dropNetIn(s, plan.containerId(), e));
        s.add("add element " + table + " " + EGRESS + " { " + plan.ip() + " comment \"" + plan.containerId()
                + "\" : goto " + chain + " }");
        plan.netIn().forEach(e -> s.add(netInElement("add", plan.containerId(), e)));
        s.add("add element " + table + " " + BORDERS + " { " + String.join(", ", borders(plan.subnet())) + " }");
        return s.text();
    }

    /**
     * Drops the container's chain and elements, whether or not they exist; its subnet's borders stay. Where the
     * table is known to hold a key with another value than the plan's, that value is the one re-added before delete.
     */
    String remove(ContainerPlan plan, Owned before) {
        Script s = new Script();
        String chain = plan.chain();
        s.add("add chain " + table + " " + chain);
        Set<String> ips = new TreeSet<>(before.egressIps());
        ips.add(plan.ip());
        ips.forEach(ip -> dropEgress(s, plan.containerId(), ip));
        Map<String, NetInElement> netIn = new TreeMap<>();
        plan.netIn().forEach(e -> netIn.put(e.key(), e));
        before.netIn().forEach(e -> netIn.put(e.key(), e));
        netIn.values().forEach(e -> dropNetIn(s, plan.containerId(), e));
        s.add("flush chain " + table + " " + chain);
        s.add("delete chain " + table + " " + chain);
        return s.text();
    }

    /** Drops the subnet's borders, whether or not they exist. */
    String removeSubnet(Cidr subnet) {
        Script s = new Script();
        String elements = String.join(", ", borders(subnet));
        s.add("add element " + table + " " + BORDERS + " { " + elements + " }");
        s.add("delete element " + table + " " + BORDERS + " { " + elements + " }");
        return s.text();
    }

    /**
     * Deletes what a listing showed of the given owners, and elements whose owner cannot be told. Everything named
     * here was just listed under the firewall's lock, so plain deletes suffice.
     */
    String removeOrphans(TableListing listing, Set<String> orphanContainers, Set<Cidr> orphanSubnets) {
        Script s = new Script();
        listing.egress().stream().filter(e -> e.owner() == null || orphanContainers.contains(e.owner()))
                .forEach(e -> s.add("delete element " + table + " " + EGRESS + " { " + e.ip() + " }"));
        listing.netIn().stream().filter(e -> e.owner() == null || orphanContainers.contains(e.owner()))
                .forEach(e -> s.add("delete element " + table + " " + NETIN + " { " + e.element().key() + " }"));
        listing.containerChains().stream().filter(orphanContainers::contains).sorted().forEach(id -> {
            s.add("flush chain " + table + " " + ContainerPlan.CHAIN_PREFIX + id);
            s.add("delete chain " + table + " " + ContainerPlan.CHAIN_PREFIX + id);
        });
        listing.borders().stream().filter(b -> orphanSubnets.contains(b.subnet()))
                .forEach(b -> s.add("delete element " + table + " " + BORDERS + " { " + b.element() + " }"));
        return s.text();
    }

    /** Deletes the table, whether or not it exists. */
    String tearDown() {
        return new Script().add("add table " + table).add("delete table " + table).text();
    }

    /** Queries that all succeed only when every element of the plan is in the table. */
    String elementQueries(ContainerPlan plan) {
        Script s = new Script();
        s.add("get element " + table + " " + EGRESS + " { " + plan.ip() + " }");
        plan.netIn().forEach(e -> s.add("get element " + table + " " + NETIN + " { " + e.key() + " }"));
        s.add("get element " + table + " " + BORDERS + " { " + String.join(", ", borders(plan.subnet())) + " }");
        return s.text();
    }

    /** The pairs (subnet, range outside it): at most two, below and above the subnet. */
    static List<String> borders(Cidr subnet) {
        AddressRange inside = AddressRange.of(subnet);
        List<String> elements = new ArrayList<>();
        if (inside.first() > 0) {
            elements.add(subnet + " . " + new AddressRange(0, inside.first() - 1).render());
        }
        if (inside.last() < 0xFFFF_FFFFL) {
            elements.add(subnet + " . " + new AddressRange(inside.last() + 1, 0xFFFF_FFFFL).render());
        }
        return elements;
    }

    private void policySet(Script s, String set, Collection<String> networks) {
        s.add("flush set " + table + " " + set);
        List<String> ranges = AddressRange.merged(networks).stream().map(AddressRange::render).toList();
        if (!ranges.isEmpty()) {
            s.add("add element " + table + " " + set + " { " + String.join(", ", ranges) + " }");
        }
    }

    /** Adding first makes the delete succeed when the element is already gone. */
    private void dropEgress(Script s, String containerId, String ip) {
        s.add("add element " + table + " " + EGRESS + " { " + ip + " comment \"" + containerId + "\" : goto "
                + ContainerPlan.CHAIN_PREFIX + containerId + " }");
        s.add("delete element " + table + " " + EGRESS + " { " + ip + " }");
    }

    private void dropNetIn(Script s, String containerId, NetInElement e) {
        s.add(netInElement("add", containerId, e));
        s.add("delete element " + table + " " + NETIN + " { " + e.key() + " }");
    }

    private String netInElement(String verb, String containerId, NetInElement e) {
        return verb + " element " + table + " " + NETIN + " { " + e.key() + " comment \"" + containerId + "\" : "
                + e.value() + " }";
    }

    private static int byKey(NetInElement a, NetInElement b) {
        return a.key().compareTo(b.key());
    }

    private static final class Script {
        private final StringBuilder text = new StringBuilder();

        Script add(String line) {
            text.append(line).append('\n');
            return this;
        }

        String text() {
            return text.toString();
        }
    }
}
