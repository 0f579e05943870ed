package dev.allotment.node.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allotment.api.Protocol;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code nft -j list table} showed of the agent's table, with an owner for each element: the container its
 * chain, comment or egress IP names. Values are parsed back into typed values, so that a listing never writes
 * unchecked text into a later script.
 */
record TableListing(Set<String> containerChains, List<EgressEntry> egress, List<NetInEntry> netIn,
        List<BorderEntry> borders) {
    static final TableListing EMPTY = new TableListing(Set.of(), List.of(), List.of(), List.of());

    private static final Logger LOG = LoggerFactory.getLogger(TableListing.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An egress element; owner is null when its verdict is not a container chain. */
    record EgressEntry(String ip, String owner) {
    }

    /** A NetIn element; owner is its comment, else the container whose egress IP it forwards to, else null. */
    record NetInEntry(NetInElement element, String owner) {
    }

    /** One border element, spelt as nft takes it back: {@code subnet . range}. */
    record BorderEntry(Cidr subnet, String element) {
    }

    TableListing {
        containerChains = Set.copyOf(containerChains);
        egress = List.copyOf(egress);
        netIn = List.copyOf(netIn);
        borders = List.copyOf(borders);
    }

    static TableListing parse(String json) {
        if (json.isBlank()) {
            return EMPTY;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new FirewallException("nft printed a listing that is not JSON: " + e.getMessage(), e);
        }
        Set<String> chains = new HashSet<>();
        List<EgressEntry> egress = new ArrayList<>();
        List<JsonNode> netInNodes = new ArrayList<>();
        List<BorderEntry> borders = new ArrayList<>();
        for (JsonNode item : root.path("nftables")) {
            containerOfChain(item.path("chain").path("name").asText("")).ifPresent(chains::add);
            JsonNode set = item.has("map") ? item.get("map") : item.path("set");
            String name = set.path("name").asText("");
            for (JsonNode elem : set.path("elem")) {
                try {
                    switch (name) {
                        case NftScripts.EGRESS -> egress.add(egressEntry(elem));
                        case NftScripts.NETIN -> netInNodes.add(elem);
                        case NftScripts.BORDERS -> borders.add(borderEntry(elem));
                        default -> {
                        }
                    }
                } catch (RuntimeException e) {
                    unreadable(name, elem, e);
                }
            }
        }
        Map<String, String> ownerByIp = new HashMap<>();
        egress.stream().filter(e -> e.owner() != null).forEach(e -> ownerByIp.put(e.ip(), e.owner()));
        List<NetInEntry> netIn = new ArrayList<>();
        for (JsonNode elem : netInNodes) {
            try {
                netIn.add(netInEntry(elem, ownerByIp));
            } catch (RuntimeException e) {
                unreadable(NftScripts.NETIN, elem, e);
            }
        }
        return new TableListing(chains, egress, netIn, borders);
    }

    Set<String> containerIds() {
        Set<String> ids = new TreeSet<>(containerChains);
        egress.stream().filter(e -> e.owner() != null).forEach(e -> ids.add(e.owner()));
        netIn.stream().filter(e -> e.owner() != null).forEach(e -> ids.add(e.owner()));
        return ids;
    }

    Set<Cidr> subnets() {
        Set<Cidr> subnets = new TreeSet<>();
        borders.forEach(b -> subnets.add(b.subnet()));
        return subnets;
    }

    Map<String, Owned> ownedByContainer() {
        Map<String, Set<String>> ips = new HashMap<>();
        Map<String, Set<NetInElement>> netIns = new HashMap<>();
        egress.stream().filter(e -> e.owner() != null)
                .forEach(e -> ips.computeIfAbsent(e.owner(), k -> new HashSet<>()).add(e.ip()));
        netIn.stream().filter(e -> e.owner() != null)
                .forEach(e -> netIns.computeIfAbsent(e.owner(), k -> new HashSet<>()).add(e.element()));
        Map<String, Owned> owned = new HashMap<>();
        for (String id : containerIds()) {
            owned.put(id, new Owned(ips.getOrDefault(id, Set.of()), netIns.getOrDefault(id, Set.of())));
        }
        return owned;
    }

    static Optional<String> containerOfChain(String chain) {
        String id = chain.startsWith(ContainerPlan.CHAIN_PREFIX)
                ? chain.substring(ContainerPlan.CHAIN_PREFIX.length()) : "";
        return ContainerPlan.CONTAINER_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** The comments of a chain's rules, in order (empty text for none), from {@code nft -j list chain}. */
    static List<String> ruleComments(String json, String chain) {
        List<String> comments = new ArrayList<>();
        try {
            for (JsonNode item : JSON.readTree(json).path("nftables")) {
                JsonNode rule = item.path("rule");
                if (chain.equals(rule.path("chain").asText())) {
                    comments.add(rule.path("comment").asText(""));
                }
            }
        } catch (IOException e) {
            throw new FirewallException("nft printed a chain listing that is not JSON: " + e.getMessage(), e);
        }
        return comments;
    }

    /** Only a hand-made change can put such an element in the table; tearDown removes it, a sweep leaves it. */
    private static void unreadable(String set, JsonNode elem, RuntimeException e) {
        LOG.warn("firewall-element-unreadable set={} element={} error=\"{}\"", set, elem, e.getMessage());
    }

    private static EgressEntry egressEntry(JsonNode elem) {
        String ip = address(value(elem.get(0)));
        JsonNode verdict = elem.get(1);
        JsonNode target = verdict.has("goto") ? verdict.get("goto") : verdict.path("jump");
        return new EgressEntry(ip, containerOfChain(target.path("target").asText("")).orElse(null));
    }

    private static NetInEntry netInEntry(JsonNode elem, Map<String, String> ownerByIp) {
        JsonNode key = value(elem.get(0)).path("concat");
        JsonNode target = elem.get(1).path("concat");
        NetInElement element = new NetInElement(address(key.get(0)),
                Protocol.valueOf(key.get(1).asText().toUpperCase(Locale.ROOT)), port(key.get(2)),
                address(target.get(0)), port(target.get(1)));
        String comment = comment(elem.get(0));
        String owner = comment != null && ContainerPlan.CONTAINER_ID.matcher(comment).matches() ? comment
                : ownerByIp.get(element.containerIp());
        return new NetInEntry(element, owner);
    }

    private static BorderEntry borderEntry(JsonNode elem) {
        JsonNode pair = value(elem).path("concat");
        AddressRange subnetRange = range(pair.get(0));
        long size = subnetRange.last() - subnetRange.first() + 1;
        Cidr subnet = Cidr.containing((int) subnetRange.first(), 32 - Long.numberOfTrailingZeros(size));
        if (!AddressRange.of(subnet).equals(subnetRange)) {
            throw new FirewallException("border element " + elem + " does not start with a subnet");
        }
        return new BorderEntry(subnet, subnet + " . " + range(pair.get(1)).render());
    }

    /** Unwraps {@code {"elem": {"val": ..., "comment": ...}}}, which nft prints for elements with a comment. */
    private static JsonNode value(JsonNode node) {
        return node.has("elem") ? node.get("elem").get("val") : node;
    }

    private static String comment(JsonNode node) {
        return node.has("elem") && node.get("elem").has("comment") ? node.get("elem").get("comment").asText() : null;
    }

    private static String address(JsonNode node) {
        return Ipv4.format(Ipv4.parse(node.asText()));
    }

    private static int port(JsonNode node) {
        if (!node.canConvertToInt() || node.asInt() < 0 || node.asInt() > 65535) {
            throw new FirewallException("nft listed " + node + " where a port belongs");
        }
        return node.asInt();
    }

    /** An address, {@code {"prefix": {"addr", "len"}}} or {@code {"range": [a, b]}}. */
    private static AddressRange range(JsonNode node) {
        if (node.has("prefix")) {
            JsonNode prefix = node.get("prefix");
            return AddressRange.parse(address(prefix.get("addr")) + "/" + prefix.get("len").asInt());
        }
        if (node.has("range")) {
            return AddressRange.parse(address(node.get("range").get(0)) + "-" + address(node.get("range").get(1)));
        }
        return AddressRange.parse(address(node));
    }
}
