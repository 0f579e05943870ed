package dev.allotment.node;

import dev.allotment.depot.BrokenEntry;
import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.RecordState;
import dev.allotment.depot.Resources;
import dev.allotment.pool.Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads the node without changing it: depot records against the prefixed kernel objects and, when a liveness check
 * is given, against live reservations. Each finding is one line; none means the node is clean.
 */
final class Auditor {
    private final Depot depot;
    private final NodeParts parts;
    private final KernelNames names;

    Auditor(Depot depot, NodeParts parts, KernelNames names) {
        this.depot = depot;
        this.parts = parts;
        this.names = names;
    }

    List<String> audit(List<DepotRecord> records, List<BrokenEntry> broken, Optional<Predicate<String>> isLive) {
        List<String> findings = new ArrayList<>();
        broken.forEach(b -> findings.add("broken depot entry " + b.path() + ": " + b.message()));
        Network.Inventory network = parts.network().inventory();
        Firewall.Inventory firewall = parts.firewall().inventory();
        Set<Path> mounts = parts.filesystem().inventory(depot.directory()).mounts();
        for (DepotRecord record : records) {
            String who = "record " + record.containerId() + " (" + record.owner().namespace() + "/"
                    + record.owner().name() + ")";
            if (record.state() != RecordState.READY) {
                findings.add(who + " is dangling in state " + record.state().name().toLowerCase());
            }
            if (isLive.isPresent() && !isLive.get().test(record.owner().uid())) {
                findings.add(who + " belongs to a reservation that no longer exists");
            }
            Resources r = record.resources();
            missing(findings, who, "netns " + r.netns(), network.namespaces().contains(r.netns()));
            missing(findings, who, "veth " + r.hostInterface(), network.hostInterfaces().contains(r.hostInterface()));
            missing(findings, who, "bridge " + r.bridge(), network.bridges().contains(r.bridge()));
            missing(findings, who, "firewall rules", firewall.containerIds().contains(record.containerId()));
            if (r.rootfs() != null && r.rootfs().path() != null) {
                missing(findings, who, "rootfs mount " + r.rootfs().path(), mounts.contains(Path.of(r.rootfs().path())));
            }
        }
        Set<String> ids = records.stream().map(DepotRecord::containerId).collect(Collectors.toSet());
        Set<String> bridges = records.stream().map(r -> r.resources().bridge()).collect(Collectors.toSet());
        Set<Cidr> subnets = records.stream().filter(r -> r.resources().subnet() != null)
                .map(r -> Cidr.parse(r.resources().subnet())).collect(Collectors.toSet());
        network.namespaces().stream().filter(n -> !owned(names.containerIdOfNamespace(n), ids))
                .forEach(n -> findings.add("leaked netns " + n));
        network.hostInterfaces().stream().filter(l -> !owned(names.containerIdOfHostInterface(l), ids))
                .forEach(l -> findings.add("leaked veth " + l));
        network.bridges().stream().filter(b -> !bridges.contains(b)).forEach(b -> findings.add("leaked bridge " + b));
        firewall.containerIds().stream().filter(id -> !ids.contains(id))
                .forEach(id -> findings.add("leaked firewall rules of " + id));
        firewall.subnets().stream().filter(s -> !subnets.contains(s))
                .forEach(s -> findings.add("leaked masquerade of " + s));
        mounts.stream()
                .filter(m -> !ids.contains(depot.directory().relativize(m).getName(0).toString()))
                .forEach(m -> findings.add("leaked mount " + m));
        return findings;
    }

    private static void missing(List<String> findings, String who, String what, boolean present) {
        if (!present) {
            findings.add(who + " is missing its " + what);
        }
    }

    private static boolean owned(Optional<String> containerId, Set<String> ids) {
        return containerId.isPresent() && ids.contains(containerId.get());
    }
}
