package dev.allotment.node;

import dev.allotment.pool.ContainerIdGenerator;
import dev.allotment.pool.PortPool;
import dev.allotment.pool.SubnetPool;
import dev.allotment.pool.UidMapping;

/** The pure in-memory pools of one node. */
public record NodePools(ContainerIdGenerator ids, SubnetPool subnets, PortPool ports, UidMapping uids) {
}
