package dev.allotment.agent;

import dev.allotment.api.ContainerReservation;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Depot;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Answers the sweep's question "is the reservation with this UID still live?". UIDs the reconciler has seen since
 * start-up are live; any other record is confirmed gone with a live GET before it may be released, and records
 * younger than the grace period are always kept (Calico's lesson: never free on a stale view).
 */
final class LiveReservations implements Predicate<String> {
    private final KubernetesClient client;
    private final Depot depot;
    private final Clock clock;
    private final Duration grace;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    LiveReservations(KubernetesClient client, Depot depot, Clock clock, Duration grace) {
        this.client = client;
        this.depot = depot;
        this.clock = clock;
        this.grace = grace;
    }

    void seen(String uid) {
        seen.add(uid);
    }

    void gone(String uid) {
        seen.remove(uid);
    }

    @Override
    public boolean test(String uid) {
        if (seen.contains(uid)) {
            return true;
        }
        DepotRecord record = depot.byUid(uid).orElse(null);
        if (record == null) {
            return false;
        }
        if (record.updatedAt() != null && record.updatedAt().plus(grace).isAfter(clock.instant())) {
            return true;
        }
        ContainerReservation live = client.resources(ContainerReservation.class)
                .inNamespace(record.owner().namespace()).withName(record.owner().name()).get();
        return live != null && uid.equals(live.getMetadata().getUid());
    }
}
