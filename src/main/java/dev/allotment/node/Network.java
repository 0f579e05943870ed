package dev.allotment.node;

import java.util.Set;

/** Bridges, veth pairs and named network namespaces. Implementations batch their work into few processes. */
public interface Network {
    /** Node-wide settings the reservations need (IPv4 forwarding). Idempotent. */
    void setUp();

    /**
     * Creates whatever of the plan is missing: the subnet's bridge (up, with the gateway IP), the veth pair with its
     * container end in the named namespace holding the IP, a default route via the gateway, the MTU, and lo up.
     * Idempotent; after a reboot it rebuilds everything.
     */
    void ensure(NetworkPlan plan);

    /** True when every object of the plan exists as planned. */
    boolean isIntact(NetworkPlan plan);

    /** Deletes the reservation's namespace and veth pair. Idempotent. The bridge stays. */
    void destroy(String containerId);

    /** Deletes a bridge. Idempotent. */
    void destroyBridge(String bridge);

    /** Deletes a namespace or link by name (for the sweep). Idempotent. */
    void destroyNamespace(String netns);

    void destroyLink(String link);

    /** The agent's prefixed namespaces, host-side veth ends and bridges that exist now. */
    Inventory inventory();

    record Inventory(Set<String> namespaces, Set<String> hostInterfaces, Set<String> bridges) {
    }
}
