package dev.allotment.agent;

import dev.allotment.api.PoolConfig;
import dev.allotment.api.PoolCounts;
import dev.allotment.api.ReservationPool;
import dev.allotment.api.ReservationPoolStatus;
import dev.allotment.api.RestoreResult;
import dev.allotment.api.SweepResult;
import dev.allotment.node.NodePool;
import dev.allotment.node.NodeUsage;
import dev.allotment.node.RestoreReport;
import dev.allotment.node.SweepReport;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps this node's ReservationPool (named after the node) showing capacity, usage, config, restore and sweep. */
final class PoolStatusPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PoolStatusPublisher.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final NodePool pool;
    private final PoolConfig config;
    private final Conditions conditions;
    private final Clock clock;
    private RestoreResult lastRestore;
    private SweepResult lastSweep;
    private ReservationPoolStatus published;

    PoolStatusPublisher(KubernetesClient client, String nodeName, NodePool pool, PoolConfig config, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.pool = pool;
        this.config = config;
        this.conditions = new Conditions(clock);
        this.clock = clock;
    }

    synchronized void restored(RestoreReport report) {
        lastRestore = new RestoreResult();
        lastRestore.setTime(now());
        lastRestore.setRestored(report.restored());
        lastRestore.setRolledBack(report.rolledBack());
        lastRestore.setReleased(report.released());
        lastRestore.setFailures(report.failures());
    }

    synchronized void swept(SweepReport report) {
        lastSweep = new SweepResult();
        lastSweep.setTime(now());
        lastSweep.setRecordsPruned(report.recordsPruned());
        lastSweep.setKernelObjectsFound(report.kernelObjectsFound());
        lastSweep.setKernelObjectsRemoved(report.kernelObjectsRemoved());
        lastSweep.setFailures(report.failures());
    }

    /** Writes the status when it changed; failures are logged and retried at the next call. */
    synchronized void publish(boolean ready) {
        NodeUsage usage = pool.usage();
        ReservationPoolStatus status = new ReservationPoolStatus();
        status.setCapacity(counts(usage.containerCapacity(), usage.subnetCapacity(), usage.portCapacity()));
        status.setAllocated(counts(usage.containers(), usage.subnets(), usage.ports()));
        status.setConfig(config);
        status.setLastRestore(lastRestore);
        status.setLastSweep(lastSweep);
        status.setConditions(conditions.merge(published == null ? null : published.getConditions(), List.of(
                new Conditions.Wanted("Ready", ready, ready ? "Serving" : "Starting",
                        ready ? "restored and serving reservations" : "restoring the depot")), null));
        if (status.equals(published)) {
            return;
        }
        try {
            var resource = client.resources(ReservationPool.class).withName(nodeName);
            if (resource.get() == null) {
                ReservationPool created = new ReservationPool();
                created.setMetadata(new ObjectMetaBuilder().withName(nodeName).build());
                client.resource(created).create();
            }
            ReservationPool patch = resource.get();
            patch.setStatus(status);
            client.resource(patch).patchStatus();
            published = status;
        } catch (KubernetesClientException e) {
            LOG.warn("pool-status-not-published node={} error=\"{}\"", nodeName, e.getMessage());
        }
    }

    private static PoolCounts counts(int containers, int subnets, int ports) {
        PoolCounts counts = new PoolCounts();
        counts.setContainers(containers);
        counts.setSubnets(subnets);
        counts.setPorts(ports);
        return counts;
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
