package dev.allotment.node.net;

import java.util.Set;

/** A link as {@code ip -j addr show} reports it; {@code master} is null when the link is not enslaved. */
record Link(String name, boolean up, int mtu, String master, Set<String> ipv4Addresses) {
    boolean hasAddress(String ip, int prefix) {
        return ipv4Addresses.contains(ip + "/" + prefix);
    }

    boolean isUpWithMtu(int expected) {
        return up && mtu == expected;
    }
}
