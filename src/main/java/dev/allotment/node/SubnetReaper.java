package dev.allotment.node;

import dev.allotment.pool.Cidr;
import dev.allotment.pool.SubnetPool;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a freed subnet's bridge and masquerade off the release path: deleting a bridge costs the kernel tens of
 * milliseconds. Under the subnet's lock it re-checks that no reservation took the subnet meanwhile; if one did, the
 * bridge stays for it. What a stopped agent never reaped, the sweep removes (no record names it).
 */
final class SubnetReaper {
    private static final Logger LOG = LoggerFactory.getLogger(SubnetReaper.class);

    private final SubnetPool subnets;
    private final NodeParts parts;
    private final SubnetLocks locks;
    private final Executor executor;

    SubnetReaper(SubnetPool subnets, NodeParts parts, SubnetLocks locks, Executor executor) {
        this.subnets = subnets;
        this.parts = parts;
        this.locks = locks;
        this.executor = executor;
    }

    void reap(Cidr subnet, String bridge) {
        executor.execute(() -> locks.with(subnet, () -> {
            if (subnets.isInUse(subnet)) {
                return;
            }
            try {
                parts.network().destroyBridge(bridge);
                parts.firewall().removeSubnet(subnet);
                LOG.info("subnet-reaped subnet={} bridge={}", subnet, bridge);
            } catch (RuntimeException e) {
                LOG.warn("subnet-reap-failed subnet={} bridge={} error=\"{}\"", subnet, bridge, e.getMessage());
            }
        }));
    }
}
