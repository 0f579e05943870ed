package dev.allotment.node.firewall;

import java.util.Set;

/** The map elements one reservation owns: its egress dispatch by source IP and its NetIn DNAT elements. */
record Owned(Set<String> egressIps, Set<NetInElement> netIn) {
    static final Owned NOTHING = new Owned(Set.of(), Set.of());

    Owned {
        egressIps = Set.copyOf(egressIps);
        netIn = Set.copyOf(netIn);
    }
}
