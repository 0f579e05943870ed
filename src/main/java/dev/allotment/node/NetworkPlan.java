package dev.allotment.node;

import dev.allotment.pool.Cidr;

/** Everything the network needs to make, or find again, one reservation's links and namespace. */
public record NetworkPlan(String containerId, String netns, String bridge, String hostInterface,
        String containerInterface, Cidr subnet, String ip, String gateway, int mtu) {
}
