package dev.allotment.node;

import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.RecordState;
import dev.allotment.depot.Resources;
import dev.allotment.pool.Allocation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one full, idempotent teardown (Guardian's way): used by release, by a failed acquire, by restore and by the
 * sweep. It tries every kernel step, collects failures and keeps the record (marked releasing) if any failed, so a
 * retry can finish. Pool allocations are returned only once the kernel objects are gone; a freed subnet's bridge
 * and masquerade go to the {@link SubnetReaper}.
 */
final class Releaser {
    private static final Logger LOG = LoggerFactory.getLogger(Releaser.class);

    private final Depot depot;
    private final NodePools pools;
    private final NodeParts parts;
    private final Plans plans;
    private final SubnetReaper reaper;
    private final FaultPoint faults;
    private final Clock clock;

    Releaser(Depot depot, NodePools pools, NodeParts parts, Plans plans, SubnetReaper reaper, FaultPoint faults,
            Clock clock) {
        this.depot = depot;
        this.pools = pools;
        this.parts = parts;
        this.plans = plans;
        this.reaper = reaper;
        this.faults = faults;
        this.clock = clock;
    }

    /** Releases what the record holds; a record already gone from the depot is a no-op. */
    void release(DepotRecord record) {
        String id = record.containerId();
        if (depot.byContainerId(id).isEmpty()) {
            return;
        }
        DepotRecord releasing = record.state() == RecordState.RELEASING ? record
                : depot.write(record.withState(RecordState.RELEASING, clock.instant()));
        faults.reached("release-recorded");
        List<Exception> failures = new ArrayList<>();
        Resources r = releasing.resources();
        attempt(failures, () -> parts.hooks().destroy(HookEnvironment.of(releasing)));
        attempt(failures, () -> parts.filesystem().destroy(id, plans.entryDir(id)));
        if (r.ip() != null) {
            attempt(failures, () -> parts.firewall().remove(Plans.rules(releasing)));
        }
        attempt(failures, () -> parts.network().destroy(id));
        if (!failures.isEmpty()) {
            throw new ReleaseFailedException(id, failures);
        }
        returnToPools(releasing);
        depot.delete(id);
        LOG.info("released containerId={} handle={}", id, releasing.handle());
    }

    void returnToPools(DepotRecord record) {
        Resources r = record.resources();
        if (r.ports() != null) {
            r.ports().forEach(p -> pools.ports().release(p.hostPort()));
        }
        if (r.ip() != null) {
            Allocation allocation = Plans.allocation(r);
            if (pools.subnets().release(allocation)) {
                reaper.reap(allocation.subnet(), r.bridge());
            }
        }
    }

    private static void attempt(List<Exception> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
