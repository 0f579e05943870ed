package dev.allotment.node;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.NetIn;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Resources;
import dev.allotment.spec.SpecChangeValidator;
import dev.allotment.spec.SpecValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Applies a changed spec's mutable fields in place: NetIn, NetOut, disk limit growth, properties, graceTime. */
final class Updater {
    private final Depot depot;
    private final NodePools pools;
    private final NodeParts parts;
    private final Plans plans;
    private final Acquirer acquirer;
    private final Clock clock;
    private final SpecValidator validator = new SpecValidator();
    private final SpecChangeValidator changes = new SpecChangeValidator();

    Updater(Depot depot, NodePools pools, NodeParts parts, Plans plans, Acquirer acquirer, Clock clock) {
        this.depot = depot;
        this.pools = pools;
        this.parts = parts;
        this.plans = plans;
        this.acquirer = acquirer;
        this.clock = clock;
    }

    DepotRecord update(DepotRecord record, ContainerReservationSpec desired) {
        validator.validate(desired);
        changes.validate(record.spec(), desired);
        if (desired.equals(record.spec())) {
            return record;
        }
        Resources r = record.resources();
        List<Resources.Port> old = r.ports() == null ? List.of() : r.ports();
        List<Resources.Port> kept = new ArrayList<>();
        List<NetIn> wanted = new ArrayList<>();
        matchPorts(old, desired.getNetIn(), kept, wanted);
        List<Resources.Port> added = acquirer.hostPorts(wanted);
        List<Resources.Port> ports = new ArrayList<>(kept);
        ports.addAll(added);
        try {
            if (!ports.equals(old) || !desired.getNetOut().equals(record.spec().getNetOut())) {
                parts.firewall().apply(Plans.rules(record, ports, desired));
            }
        } catch (RuntimeException e) {
            added.forEach(p -> pools.ports().release(p.hostPort()));
            throw e;
        }
        old.stream().filter(p -> !kept.contains(p)).forEach(p -> pools.ports().release(p.hostPort()));
        Resources.Builder resources = r.toBuilder().ports(ports).properties(desired.getProperties());
        Long byteHard = Limits.byteHard(desired);
        if (r.quota() == null && byteHard != null) {
            throw new ReservationException(Reason.InvalidSpec, "spec.limits.disk.byteHard: cannot be added to a"
                    + " reservation created without a disk limit; delete and re-create it with one");
        }
        if (r.quota() != null && byteHard != null && byteHard > r.quota().byteHard()) {
            parts.filesystem().grow(plans.filesystem(record), byteHard);
            resources.quota(new Resources.Quota(r.quota().backend(), byteHard, r.quota().inodeHard(),
                    r.quota().image()));
        }
        return depot.write(record.withSpec(desired, clock.instant()).withResources(resources.build(), clock.instant()));
    }

    /** Keeps an old mapping when a desired one still asks for it, so unchanged NetIns keep their host ports. */
    private static void matchPorts(List<Resources.Port> old, List<NetIn> desired, List<Resources.Port> kept,
            List<NetIn> wanted) {
        List<Resources.Port> available = new ArrayList<>(old);
        for (NetIn mapping : desired) {
            String protocol = mapping.getProtocol() == null ? "tcp" : mapping.getProtocol().wireName();
            int requested = mapping.getHostPort() == null ? 0 : mapping.getHostPort();
            Resources.Port match = available.stream()
                    .filter(p -> Objects.equals(p.containerPort(), mapping.getContainerPort())
                            && p.protocol().equals(protocol) && (requested == 0 || requested == p.hostPort()))
                    .findFirst().orElse(null);
            if (match != null) {
                available.remove(match);
                kept.add(match);
            } else {
                wanted.add(mapping);
            }
        }
    }
}
