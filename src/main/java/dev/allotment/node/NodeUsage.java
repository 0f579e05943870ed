package dev.allotment.node;

/** Capacity and use of a node's pools. Containers are bounded by the dynamic subnets. */
public record NodeUsage(int containers, int containerCapacity, int subnets, int subnetCapacity, int ports,
        int portCapacity) {
}
