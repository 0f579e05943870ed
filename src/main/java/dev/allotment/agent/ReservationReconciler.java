package dev.allotment.agent;

import dev.allotment.api.ContainerReservation;
import dev.allotment.api.ContainerReservationStatus;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Owner;
import dev.allotment.depot.RecordState;
import dev.allotment.node.AcquireRequest;
import dev.allotment.node.NodePool;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Thin: observe the depot record of the reservation's UID, then acquire, or apply mutable changes, or release on
 * delete; record what happened in status and events. Everything node-side is the NodePool's.
 */
public final class ReservationReconciler implements Reconciler<ContainerReservation>, Cleaner<ContainerReservation> {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationReconciler.class);

    private final String nodeName;
    private final NodePool pool;
    private final StatusFactory statuses;
    private final EventRecorder events;
    private final Set<String> restoredUids;
    private final LiveReservations live;
    private final Duration retryAfter;

    ReservationReconciler(String nodeName, NodePool pool, StatusFactory statuses, EventRecorder events,
            Set<String> restoredUids, LiveReservations live, Duration retryAfter) {
        this.nodeName = nodeName;
        this.pool = pool;
        this.statuses = statuses;
        this.events = events;
        this.restoredUids = restoredUids;
        this.live = live;
        this.retryAfter = retryAfter;
    }

    @Override
    public UpdateControl<ContainerReservation> reconcile(ContainerReservation reservation,
            Context<ContainerReservation> context) {
        if (reservation.getSpec() == null || !nodeName.equals(reservation.getSpec().getNodeName())) {
            return UpdateControl.noUpdate();
        }
        String uid = reservation.getMetadata().getUid();
        live.seen(uid);
        withMdc(reservation);
        try {
            Optional<DepotRecord> existing = pool.depot().byUid(uid).filter(r -> r.state() == RecordState.READY);
            if (existing.isPresent()) {
                DepotRecord record = pool.update(existing.get(), reservation.getSpec());
                boolean restored = restoredUids.remove(uid);
                if (restored) {
                    events.normal(reservation, "Restored", "restored on node " + nodeName + " with IP "
                            + record.resources().ip());
                } else if (!record.equals(existing.get())) {
                    events.normal(reservation, "Updated", "applied the changed spec");
                }
                Reason reason = restored || isRestored(reservation) ? Reason.Restored : Reason.Acquired;
                return patch(reservation, statuses.ready(reservation, record, reason, readyMessage(record)));
            }
            DepotRecord record = pool.acquire(new AcquireRequest(owner(reservation), reservation.getSpec()));
            events.normal(reservation, "Acquired", readyMessage(record));
            return patch(reservation, statuses.ready(reservation, record, Reason.Acquired, readyMessage(record)));
        } catch (ReservationException e) {
            return refused(reservation, e);
        } finally {
            MDC.clear();
        }
    }

    @Override
    public DeleteControl cleanup(ContainerReservation reservation, Context<ContainerReservation> context) {
        withMdc(reservation);
        try {
            Optional<DepotRecord> record = pool.depot().byUid(reservation.getMetadata().getUid());
            if (record.isEmpty()) {
                live.gone(reservation.getMetadata().getUid());
                return DeleteControl.defaultDelete();
            }
            pool.release(record.get());
            live.gone(reservation.getMetadata().getUid());
            events.normal(reservation, "Released", "released container " + record.get().containerId());
            return DeleteControl.defaultDelete();
        } catch (ReservationException e) {
            events.warning(reservation, "ReleaseFailed", e.getMessage());
            LOG.warn("release-failed error=\"{}\"", e.getMessage());
            reportReleasing(reservation, context, e);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(retryAfter);
        } finally {
            MDC.clear();
        }
    }

    /** The finalizer stays while release fails; the condition says why, so the stuck delete is visible. */
    private void reportReleasing(ContainerReservation reservation, Context<ContainerReservation> context,
            ReservationException e) {
        DepotRecord record = pool.depot().byUid(reservation.getMetadata().getUid()).orElse(null);
        ContainerReservationStatus status = statuses.failed(reservation, record, Reason.Releasing, e.getMessage());
        if (!status.equals(reservation.getStatus())) {
            reservation.setStatus(status);
            try {
                context.getClient().resource(reservation).patchStatus();
            } catch (RuntimeException patchFailure) {
                LOG.warn("status-not-patched error=\"{}\"", patchFailure.getMessage());
            }
        }
    }

    private UpdateControl<ContainerReservation> refused(ContainerReservation reservation, ReservationException e) {
        DepotRecord stillThere = pool.depot().byUid(reservation.getMetadata().getUid())
                .filter(r -> r.state() == RecordState.READY).orElse(null);
        ContainerReservationStatus status = statuses.failed(reservation, stillThere, e.reason(), e.getMessage());
        if (!sameReadyCondition(reservation.getStatus(), status)) {
            events.warning(reservation, e.reason().name(), e.getMessage());
        }
        LOG.warn("reconcile-refused reason={} error=\"{}\"", e.reason(), e.getMessage());
        UpdateControl<ContainerReservation> control = patch(reservation, status);
        return e.reason().stalls() ? control : control.rescheduleAfter(retryAfter);
    }

    private static UpdateControl<ContainerReservation> patch(ContainerReservation reservation,
            ContainerReservationStatus status) {
        if (status.equals(reservation.getStatus())) {
            return UpdateControl.noUpdate();
        }
        reservation.setStatus(status);
        return UpdateControl.patchStatus(reservation);
    }

    private static boolean sameReadyCondition(ContainerReservationStatus before, ContainerReservationStatus after) {
        if (before == null || before.getConditions() == null) {
            return false;
        }
        return before.getConditions().stream().filter(c -> c.getType().equals("Ready")).anyMatch(old ->
                after.getConditions().stream().filter(c -> c.getType().equals("Ready")).anyMatch(now ->
                        Objects.equals(old.getReason(), now.getReason())
                                && Objects.equals(old.getMessage(), now.getMessage())));
    }

    private static boolean isRestored(ContainerReservation reservation) {
        ContainerReservationStatus status = reservation.getStatus();
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && Reason.Restored.name().equals(c.getReason()));
    }

    private static String readyMessage(DepotRecord record) {
        return "container " + record.containerId() + " has IP " + record.resources().ip();
    }

    private static Owner owner(ContainerReservation reservation) {
        return new Owner(reservation.getMetadata().getNamespace(), reservation.getMetadata().getName(),
                reservation.getMetadata().getUid(), reservation.getMetadata().getGeneration());
    }

    private void withMdc(ContainerReservation reservation) {
        MDC.put("namespace", reservation.getMetadata().getNamespace());
        MDC.put("name", reservation.getMetadata().getName());
        MDC.put("uid", reservation.getMetadata().getUid());
        MDC.put("node", nodeName);
    }
}
