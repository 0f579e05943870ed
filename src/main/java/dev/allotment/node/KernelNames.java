package dev.allotment.node;

import dev.allotment.pool.Cidr;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of every kernel object an agent makes. Each starts with the agent's name prefix (its configured prefix and
 * tag, 1 to 3 characters), so a sweep can enumerate them and agents with different tags never touch each other's.
 * Interface names fit in 15 characters.
 */
public final class KernelNames {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,2}");
    private static final String ID = "([0-9a-v]{11})";

    private final String prefix;
    private final Pattern hostInterface;
    private final Pattern namespace;
    private final Pattern bridge;

    public KernelNames(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("kernel name prefix must be 1 to 3 characters of [a-z0-9] starting"
                    + " with a letter, got \"" + prefix + "\"");
        }
        this.prefix = prefix;
        this.hostInterface = Pattern.compile(Pattern.quote(prefix) + ID + "h");
        this.namespace = Pattern.compile(Pattern.quote(prefix) + "-" + ID);
        this.bridge = Pattern.compile(Pattern.quote(prefix) + "br[0-9a-f]{8}");
    }

    public String prefix() {
        return prefix;
    }

    public String namespace(String containerId) {
        return prefix + "-" + containerId;
    }

    public String hostInterface(String containerId) {
        return prefix + containerId + "h";
    }

    public String containerInterface(String containerId) {
        return prefix + containerId + "c";
    }

    /** Deterministic from the subnet, so equal subnets share one bridge and a restart finds it again. */
    public String bridge(Cidr subnet) {
        return prefix + "br" + String.format("%08x", subnet.network());
    }

    /** The nftables table that holds all of this agent's rules. */
    public String firewallTable() {
        return "allotment_" + prefix;
    }

    public Optional<String> containerIdOfNamespace(String name) {
        return group(namespace.matcher(name));
    }

    public Optional<String> containerIdOfHostInterface(String name) {
        return group(hostInterface.matcher(name));
    }

    public boolean isBridge(String name) {
        return bridge.matcher(name).matches();
    }

    private static Optional<String> group(Matcher matcher) {
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
