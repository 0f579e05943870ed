package dev.allotment.node;

import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.pool.Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes kernel objects ⊆ depot records ⊆ live reservations: releases records whose owner is gone, then removes
 * prefixed kernel objects and cached layers that no record names.
 */
final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final Depot depot;
    private final NodeParts parts;
    private final KernelNames names;
    private final Releaser releaser;
    private final Set<String> inFlight;

    Sweeper(Depot depot, NodeParts parts, KernelNames names, Releaser releaser, Set<String> inFlight) {
        this.depot = depot;
        this.parts = parts;
        this.names = names;
        this.releaser = releaser;
        this.inFlight = inFlight;
    }

    /** {@code isLive} answers, for a reservation UID, whether it still exists (callers confirm with a live read). */
    SweepReport sweep(Predicate<String> isLive) {
        List<String> failures = new ArrayList<>();
        int pruned = 0;
        for (DepotRecord record : depot.records()) {
            if (inFlight.contains(record.containerId()) || isLive.test(record.owner().uid())) {
                continue;
            }
            try {
                releaser.release(record);
                pruned++;
            } catch (RuntimeException e) {
                failures.add(record.containerId() + ": " + e.getMessage());
            }
        }
        Orphans orphans = removeOrphans(failures);
        int layers = parts.filesystem().collectLayers(layersInUse());
        SweepReport report = new SweepReport(pruned, orphans.found, orphans.removed, layers, failures);
        LOG.info("sweep-finished pruned={} orphansFound={} orphansRemoved={} layersCollected={} failures={}", pruned,
                orphans.found, orphans.removed, layers, failures.size());
        return report;
    }

    private static final class Orphans {
        int found;
        int removed;

        void remove(List<String> failures, String what, Runnable removal) {
            found++;
            try {
                removal.run();
                removed++;
            } catch (RuntimeException e) {
                failures.add(what + ": " + e.getMessage());
            }
        }
    }

    // Inventories first, records second: a record is written before its first kernel object, so anything the
    // inventories saw belongs to a record the later snapshot holds, unless it is an orphan.
    private Orphans removeOrphans(List<String> failures) {
        Network.Inventory network = parts.network().inventory();
        Path depotDir = depot.directory();
        ContainerFilesystem.Inventory filesystem = parts.filesystem().inventory(depotDir);
        List<DepotRecord> records = depot.records();
        Set<String> ids = records.stream().map(DepotRecord::containerId).collect(Collectors.toSet());
        Set<String> bridges = records.stream().map(r -> r.resources().bridge()).collect(Collectors.toSet());
        Set<Cidr> subnets = records.stream().filter(r -> r.resources().subnet() != null)
                .map(r -> Cidr.parse(r.resources().subnet())).collect(Collectors.toSet());
        Orphans orphans = new Orphans();
        for (String netns : network.namespaces()) {
            if (!owned(names.containerIdOfNamespace(netns), ids)) {
                orphans.remove(failures, "netns " + netns, () -> parts.network().destroyNamespace(netns));
            }
        }
        for (String link : network.hostInterfaces()) {
            if (!owned(names.containerIdOfHostInterface(link), ids)) {
                orphans.remove(failures, "link " + link, () -> parts.network().destroyLink(link));
            }
        }
        for (String bridge : network.bridges()) {
            if (!bridges.contains(bridge)) {
                orphans.remove(failures, "bridge " + bridge, () -> parts.network().destroyBridge(bridge));
            }
        }
        try {
            int removed = parts.firewall().removeAllExcept(ids, subnets);
            orphans.found += removed;
            orphans.removed += removed;
        } catch (RuntimeException e) {
            failures.add("firewall: " + e.getMessage());
        }
        Set<String> orphanEntries = new HashSet<>();
        filesystem.mounts().forEach(mount -> entryOf(depotDir, mount).ifPresent(orphanEntries::add));
        orphanEntries.removeAll(ids);
        for (String entry : orphanEntries) {
            orphans.remove(failures, "mounts of " + entry,
                    () -> parts.filesystem().destroy(entry, depotDir.resolve(entry)));
        }
        return orphans;
    }

    private Set<String> layersInUse() {
        return depot.records().stream().filter(r -> r.resources().rootfs() != null)
                .flatMap(r -> r.resources().rootfs().layers() == null ? java.util.stream.Stream.<String>empty()
                        : r.resources().rootfs().layers().stream())
                .collect(Collectors.toSet());
    }

    private static boolean owned(Optional<String> containerId, Set<String> ids) {
        return containerId.isPresent() && ids.contains(containerId.get());
    }

    private static Optional<String> entryOf(Path depotDir, Path mount) {
        Path relative = depotDir.relativize(mount.toAbsolutePath().normalize());
        return relative.getNameCount() == 0 || relative.startsWith("..") ? Optional.empty()
                : Optional.of(relative.getName(0).toString());
    }
}
