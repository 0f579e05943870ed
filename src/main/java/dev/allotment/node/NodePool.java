package dev.allotment.node;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.PortOffsetFile;
import dev.allotment.pool.SubnetPool;
import dev.allotment.depot.LoadResult;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The node-level facade the agent calls: it turns reservations into kernel objects and back, all-or-nothing,
 * idempotent and crash-safe, keeping the depot and the pools in step. {@code subnetCleanup} runs the deletion of
 * freed subnets' bridges and masquerades (a single background thread in production, the caller's thread in tests).
 */
public final class NodePool {
    private final NodeConfig config;
    private final Depot depot;
    private final NodePools pools;
    private final NodeParts parts;
    private final Acquirer acquirer;
    private final Releaser releaser;
    private final Restorer restorer;
    private final Sweeper sweeper;
    private final Updater updater;
    private final Auditor auditor;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final PortOffsetFile portOffset;

    public NodePool(NodeConfig config, KernelNames names, Depot depot, NodePools pools, NodeParts parts,
            FaultPoint faults, Clock clock, Executor subnetCleanup) {
        this.config = config;
        this.depot = depot;
        this.pools = pools;
        this.parts = parts;
        this.portOffset = new PortOffsetFile(depot.directory());
        Plans plans = new Plans(depot.directory());
        SubnetLocks subnetLocks = new SubnetLocks();
        SubnetReaper reaper = new SubnetReaper(pools.subnets(), parts, subnetLocks, subnetCleanup);
        this.releaser = new Releaser(depot, pools, parts, plans, reaper, faults, clock);
        this.acquirer = new Acquirer(config, depot, pools, parts, names, plans, releaser, subnetLocks, faults, clock,
                inFlight);
        this.restorer = new Restorer(depot, pools, parts, plans, releaser, acquirer);
        this.sweeper = new Sweeper(depot, parts, names, releaser, inFlight);
        this.updater = new Updater(depot, pools, parts, plans, acquirer, clock);
        this.auditor = new Auditor(depot, parts, names);
    }

    /** Node-wide objects: forwarding, the firewall table and default policy, the setup hook. Idempotent. */
    public void setUp() {
        parts.network().setUp();
        parts.firewall().setUp(config.policy());
        parts.hooks().setUp();
    }

    public DepotRecord acquire(AcquireRequest request) {
        DepotRecord record = acquirer.acquire(request);
        if (record.resources().ports() != null && !record.resources().ports().isEmpty()) {
            portOffset.write(pools.ports().offset());
        }
        return record;
    }

    public void release(DepotRecord record) {
        releaser.release(record);
    }

    public DepotRecord update(DepotRecord record, ContainerReservationSpec spec) {
        return updater.update(record, spec);
    }

    /** Call once at start-up, before anything else touches the pools. */
    public RestoreReport restore() {
        return restorer.restore();
    }

    public SweepReport sweep(Predicate<String> isLiveUid) {
        return sweeper.sweep(isLiveUid);
    }

    /**
     * Findings about the node, changing nothing: leaks, dangling records, missing kernel objects, and (when
     * {@code isLiveUid} is given) records of reservations that no longer exist. Reads the depot from disk.
     */
    public List<String> audit(Optional<Predicate<String>> isLiveUid) {
        LoadResult loaded = depot.load();
        return auditor.audit(loaded.records(), loaded.broken(), isLiveUid);
    }

    public Depot depot() {
        return depot;
    }

    public NodeUsage usage() {
        SubnetPool.Usage subnets = pools.subnets().usage();
        return new NodeUsage(depot.records().size(), pools.subnets().capacity(), subnets.dynamicSubnets(),
                pools.subnets().capacity(), pools.ports().inUse(), pools.ports().capacity());
    }
}
