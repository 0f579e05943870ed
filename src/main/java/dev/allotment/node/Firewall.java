package dev.allotment.node;

import dev.allotment.pool.Cidr;
import java.util.Set;

/** The agent's own firewall table. Every change is one atomic transaction; changes are serialised. */
public interface Firewall {
    /** Creates or repairs the table, its base chains and the default policy. Idempotent. */
    void setUp(FirewallPolicy policy);

    /**
     * Atomically installs, or replaces, every rule of one reservation: the filter rules that allow its subnet and its
     * NetOut, its NetIn forwarding (from outside and from the node itself), and its subnet's masquerade.
     */
    void apply(ContainerRules rules);

    /** True when the table holds exactly the reservation's rules. */
    boolean isIntact(ContainerRules rules);

    /** Removes every rule the reservation owns, leaving its subnet's masquerade. Idempotent. */
    void remove(ContainerRules rules);

    /** Removes a subnet's masquerade once the subnet has no reservation left. Idempotent. */
    void removeSubnet(Cidr subnet);

    /** Who owns rules in the table now. */
    Inventory inventory();

    /** Removes rules of container IDs not in {@code keepContainers} and masquerades of subnets not in {@code keepSubnets}. */
    int removeAllExcept(Set<String> keepContainers, Set<Cidr> keepSubnets);

    /** Deletes the whole table. */
    void tearDown();

    record Inventory(Set<String> containerIds, Set<Cidr> subnets) {
    }
}
