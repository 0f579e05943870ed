package dev.allotment.agent;

import dev.allotment.api.ContainerReservation;
import dev.allotment.api.ContainerReservationStatus;
import dev.allotment.api.NetIn;
import dev.allotment.api.NetworkStatus;
import dev.allotment.api.Phase;
import dev.allotment.api.Protocol;
import dev.allotment.api.Reason;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Resources;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one place that turns what the node pool did into a reservation's status: the acquired resources (only what
 * truly exists) plus Ready, Reconciling and Stalled conditions as kstatus reads them.
 */
final class StatusFactory {
    private final Conditions conditions;
    private final Function<String, Path> entryDir;

    StatusFactory(Clock clock, Function<String, Path> entryDir) {
        this.conditions = new Conditions(clock);
        this.entryDir = entryDir;
    }

    ContainerReservationStatus ready(ContainerReservation reservation, DepotRecord record, Reason reason,
            String message) {
        ContainerReservationStatus status = withResources(record);
        status.setPhase(Phase.Ready);
        return finish(reservation, status, List.of(
                new Conditions.Wanted("Ready", true, reason.name(), message),
                new Conditions.Wanted("Reconciling", false, reason.name(), "up to date"),
                new Conditions.Wanted("Stalled", false, reason.name(), "up to date")));
    }

    /** Not (or no longer fully) ready; {@code record} is what still exists on the node, or null. */
    ContainerReservationStatus failed(ContainerReservation reservation, DepotRecord record, Reason reason,
            String message) {
        ContainerReservationStatus status = record == null ? new ContainerReservationStatus() : withResources(record);
        boolean stalled = reason.stalls();
        status.setPhase(reason == Reason.Releasing ? Phase.Releasing : stalled ? Phase.Failed : Phase.Pending);
        return finish(reservation, status, List.of(
                new Conditions.Wanted("Ready", false, reason.name(), message),
                new Conditions.Wanted("Reconciling", !stalled, reason.name(), stalled ? "will not retry until the"
                        + " spec changes" : "retrying"),
                new Conditions.Wanted("Stalled", stalled, reason.name(), stalled ? message : "not stalled")));
    }

    private ContainerReservationStatus finish(ContainerReservation reservation, ContainerReservationStatus status,
            List<Conditions.Wanted> wanted) {
        Long generation = reservation.getMetadata().getGeneration();
        ContainerReservationStatus previous = reservation.getStatus();
        status.setObservedGeneration(generation);
        status.setConditions(conditions.merge(previous == null ? null : previous.getConditions(), wanted, generation));
        return status;
    }

    private ContainerReservationStatus withResources(DepotRecord record) {
        Resources r = record.resources();
        ContainerReservationStatus status = new ContainerReservationStatus();
        status.setHandle(record.handle());
        status.setContainerId(record.containerId());
        status.setContainerPath(entryDir.apply(record.containerId()).toString());
        status.setRootfsPath(r.rootfs() == null ? null : r.rootfs().path());
        status.setRootUid(r.rootUid());
        NetworkStatus network = new NetworkStatus();
        network.setNetns(r.netns());
        network.setSubnet(r.subnet());
        network.setIp(r.ip());
        network.setGateway(r.gateway());
        network.setBridge(r.bridge());
        network.setHostInterface(r.hostInterface());
        network.setContainerInterface(r.containerInterface());
        network.setMtu(r.mtu());
        network.setExternalIp(r.externalIp());
        status.setNetwork(network);
        status.setNetIn(r.ports() == null ? List.of() : r.ports().stream().map(StatusFactory::netIn).toList());
        status.setProperties(r.properties());
        return status;
    }

    private static NetIn netIn(Resources.Port port) {
        NetIn netIn = new NetIn();
        netIn.setHostPort(port.hostPort());
        netIn.setContainerPort(port.containerPort());
        netIn.setProtocol(Protocol.valueOf(port.protocol().toUpperCase(Locale.ROOT)));
        return netIn;
    }
}
