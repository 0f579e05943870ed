package dev.allotment.node;

import dev.allotment.depot.BrokenEntry;
import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.LoadResult;
import dev.allotment.depot.RecordState;
import dev.allotment.depot.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: reloads the depot, re-claims every record's allocations, rolls back {@code acquiring} records, finishes
 * {@code releasing} ones and rebuilds whatever volatile kernel state {@code ready} ones lost.
 */
final class Restorer {
    private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);

    private final Depot depot;
    private final NodePools pools;
    private final NodeParts parts;
    private final Plans plans;
    private final Releaser releaser;
    private final Acquirer acquirer;

    Restorer(Depot depot, NodePools pools, NodeParts parts, Plans plans, Releaser releaser, Acquirer acquirer) {
        this.depot = depot;
        this.pools = pools;
        this.parts = parts;
        this.plans = plans;
        this.releaser = releaser;
        this.acquirer = acquirer;
    }

    RestoreReport restore() {
        LoadResult loaded = depot.load();
        List<String> failures = new ArrayList<>();
        int released = releaseBroken(loaded.broken(), failures);
        List<DepotRecord> claimed = new ArrayList<>();
        for (DepotRecord record : oldestFirst(loaded.records())) {
            DepotRecord kept = reclaim(record);
            if (kept == record) {
                claimed.add(record);
            } else {
                failures.add(record.containerId() + ": its allocation is held by an older record; released it");
                released += releaseQuietly(kept, failures) ? 1 : 0;
            }
        }
        Network.Inventory network = parts.network().inventory();
        Firewall.Inventory firewall = parts.firewall().inventory();
        int restored = 0;
        int rebuilt = 0;
        int rolledBack = 0;
        for (DepotRecord record : claimed) {
            if (record.state() == RecordState.ACQUIRING) {
                rolledBack += releaseQuietly(record, failures) ? 1 : 0;
            } else if (record.state() == RecordState.RELEASING) {
                released += releaseQuietly(record, failures) ? 1 : 0;
            } else {
                try {
                    rebuilt += repair(record, network, firewall) ? 1 : 0;
                    restored++;
                } catch (RuntimeException e) {
                    failures.add(record.containerId() + ": cannot rebuild: " + e.getMessage());
                }
            }
        }
        RestoreReport report = new RestoreReport(restored, rebuilt, rolledBack, released, failures);
        LOG.info("restore-finished restored={} rebuilt={} rolledBack={} released={} failures={}", restored, rebuilt,
                rolledBack, released, failures.size());
        return report;
    }

    /** True when something had to be rebuilt. */
    private boolean repair(DepotRecord record, Network.Inventory network, Firewall.Inventory firewall) {
        Resources r = record.resources();
        boolean rebuilt = false;
        boolean networkIntact = network.namespaces().contains(r.netns())
                && network.hostInterfaces().contains(r.hostInterface()) && network.bridges().contains(r.bridge());
        if (!networkIntact || !firewall.containerIds().contains(record.containerId())) {
            acquirer.ensureNetworkAndFirewall(record);
            rebuilt = true;
        }
        FilesystemPlan filesystem = plans.filesystem(record);
        if (!parts.filesystem().isIntact(filesystem)) {
            parts.filesystem().ensure(filesystem);
            rebuilt = true;
        }
        return rebuilt;
    }

    /**
     * Re-claims the record's subnet IP and ports. Returns the record itself when all were free, else a copy holding
     * only what it could claim, so releasing it never frees what another record holds (a seed bug).
     */
    private DepotRecord reclaim(DepotRecord record) {
        Resources r = record.resources();
        boolean conflict = false;
        Resources.Builder kept = r.toBuilder();
        if (r.ip() != null) {
            try {
                pools.subnets().remove(Plans.allocation(r));
            } catch (RuntimeException e) {
                conflict = true;
                kept.ip(null);
            }
        }
        List<Resources.Port> ports = new ArrayList<>();
        for (Resources.Port port : r.ports() == null ? List.<Resources.Port>of() : r.ports()) {
            try {
                pools.ports().remove(port.hostPort());
                ports.add(port);
            } catch (RuntimeException e) {
                conflict = true;
            }
        }
        if (!conflict) {
            return record;
        }
        return record.withResources(kept.ports(ports).build(), record.updatedAt());
    }

    private int releaseBroken(List<BrokenEntry> broken, List<String> failures) {
        int released = 0;
        for (BrokenEntry entry : broken) {
            if (entry.problem() == BrokenEntry.Problem.INVALID_NAME) {
                failures.add(entry.path() + ": not a depot entry (" + entry.message() + "); left alone");
                continue;
            }
            try {
                parts.filesystem().destroy(entry.containerId(), entry.path());
                parts.network().destroy(entry.containerId());
                depot.deleteBroken(entry);
                released++;
                LOG.warn("broken-entry-released containerId={} problem={} message=\"{}\"", entry.containerId(),
                        entry.problem(), entry.message());
            } catch (RuntimeException e) {
                failures.add(entry.containerId() + ": broken entry (" + entry.message() + ") not released: "
                        + e.getMessage());
            }
        }
        return released;
    }

    private boolean releaseQuietly(DepotRecord record, List<String> failures) {
        try {
            releaser.release(record);
            return true;
        } catch (RuntimeException e) {
            failures.add(record.containerId() + ": " + e.getMessage());
            return false;
        }
    }

    private static List<DepotRecord> oldestFirst(List<DepotRecord> records) {
        return records.stream().sorted(Comparator.comparing(DepotRecord::createdAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

}
