package dev.allotment.node.firewall;

import dev.allotment.node.ContainerRules;
import dev.allotment.node.EgressRule;
import dev.allotment.node.KernelNames;
import dev.allotment.node.PortMapping;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One reservation's rules, validated and translated into nft terms. Every text it holds was re-parsed from a typed
 * value, so nothing of the reservation reaches a script unchecked.
 */
record ContainerPlan(String containerId, Cidr subnet, String ip, List<String> chainRules, List<NetInElement> netIn) {
    static final String CHAIN_PREFIX = "out_";
    static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-v]{11}");

    ContainerPlan {
        chainRules = List.copyOf(chainRules);
        netIn = List.copyOf(netIn);
    }

    /** Throws IllegalArgumentException, naming the container, for anything that is not a valid rule. */
    static ContainerPlan of(ContainerRules rules, KernelNames names) {
        String id = containerId(rules.containerId());
        try {
            return plan(id, rules, names);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("firewall rules of container " + id + ": " + e.getMessage(), e);
        }
    }

    static String containerId(String id) {
        if (id == null || !CONTAINER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("container ID \"" + id + "\" is not 11 characters of [0-9a-v]");
        }
        return id;
    }

    String chain() {
        return CHAIN_PREFIX + containerId;
    }

    Owned owned() {
        return new Owned(Set.of(ip), Set.copyOf(netIn));
    }

    /** Written into the chain's last rule, so that isIntact can tell these rules from older ones. */
    String fingerprint() {
        StringBuilder text = new StringBuilder(subnet + "\n" + ip + "\n");
        chainRules.forEach(r -> text.append(r).append('\n'));
        netIn.forEach(e -> text.append(e.key()).append(" : ").append(e.value()).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return containerId + " " + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ContainerPlan plan(String id, ContainerRules rules, KernelNames names) {
        Cidr subnet = rules.subnet();
        if (subnet == null || subnet.prefix() == 0) {
            throw new IllegalArgumentException("subnet " + subnet + " is missing or has no outside");
        }
        String ip = Ipv4.format(Ipv4.parse(rules.ip()));
        if (!subnet.contains(Ipv4.parse(ip))) {
            throw new IllegalArgumentException("ip " + ip + " is outside its subnet " + subnet);
        }
        List<String> chainRules = new ArrayList<>();
        chainRules.add("ip daddr " + subnet + " accept");
        String logPrefix = names.prefix() + "-" + id + " ";
        for (EgressRule rule : rules.netOut()) {
            chainRules.addAll(EgressRules.render(rule, logPrefix));
        }
        return new ContainerPlan(id, subnet, ip, chainRules, netIn(rules, ip));
    }

    private static List<NetInElement> netIn(ContainerRules rules, String ip) {
        if (rules.netIn().isEmpty()) {
            return List.of();
        }
        String externalIp = Ipv4.format(Ipv4.parse(rules.externalIp()));
        List<NetInElement> elements = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (PortMapping mapping : rules.netIn()) {
            if (mapping.protocol() == null) {
                throw new IllegalArgumentException("NetIn " + mapping + " has no protocol");
            }
            NetInElement element = new NetInElement(externalIp, mapping.protocol(), port(mapping.hostPort()), ip,
                    port(mapping.containerPort()));
            if (!keys.add(element.key())) {
                throw new IllegalArgumentException("NetIn maps " + element.key() + " twice");
            }
            elements.add(element);
        }
        return elements;
    }

    private static int port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("NetIn port " + port + " is outside 1-65535");
        }
        return port;
    }
}
