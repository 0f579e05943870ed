package dev.allotment.agent;

import dev.allotment.api.ContainerReservation;
import dev.allotment.depot.RecordState;
import dev.allotment.node.NodePool;
import dev.allotment.node.RestoreReport;
import dev.allotment.node.SweepReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's agent, in the design's start-up order: restore the depot, start reconciling, and once the informer has
 * synced sweep (confirming each orphan with a live read), then sweep every gc interval and publish the node's
 * ReservationPool. SSA is off, as the embedded API server requires, in tests and production alike.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration POOL_STATUS_EVERY = Duration.ofSeconds(5);

    private final AgentSettings settings;
    private final KubernetesClient client;
    private final NodePool pool;
    private final Clock clock;
    private final LiveReservations live;
    private final PoolStatusPublisher poolStatus;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sweep");
        thread.setDaemon(true);
        return thread;
    });
    private Operator operator;
    private Probes probes;
    private volatile boolean ready;

    public Agent(AgentSettings settings, KubernetesClient client, NodePool pool, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.pool = pool;
        this.clock = clock;
        this.live = new LiveReservations(client, pool.depot(), clock, settings.gcGrace());
        this.poolStatus = new PoolStatusPublisher(client, settings.nodeName(), pool, settings.poolConfig(), clock);
    }

    public void start() {
        if (settings.probePort() >= 0) {
            probes = new Probes(settings.probeHost(), settings.probePort(), () -> ready);
        }
        pool.setUp();
        RestoreReport restore = pool.restore();
        poolStatus.restored(restore);
        poolStatus.publish(false);
        Set<String> restored = pool.depot().records().stream().filter(r -> r.state() == RecordState.READY)
                .map(r -> r.owner().uid()).collect(Collectors.toCollection(ConcurrentHashMap::newKeySet));
        operator = new Operator(o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false).withCloseClientOnStop(false));
        ReservationReconciler reconciler = new ReservationReconciler(settings.nodeName(), pool,
                new StatusFactory(clock, pool.depot()::entryDir), new EventRecorder(client, settings.nodeName(), clock),
                restored, live, settings.retryAfter());
        ControllerConfiguration<ContainerReservation> base =
                operator.getConfigurationService().getConfigurationFor(reconciler);
        operator.register(reconciler, new NodeScopedConfiguration(base, settings.nodeName(), settings.fieldSelector()
                ? NodeScopedConfiguration.Selection.FIELD_SELECTOR : NodeScopedConfiguration.Selection.CLIENT_FILTER));
        operator.start();
        ready = true;
        LOG.info("agent-started node={} restored={} rolledBack={} released={}", settings.nodeName(),
                restore.restored(), restore.rolledBack(), restore.released());
        long interval = settings.gcInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 0, interval, TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(() -> poolStatus.publish(ready), POOL_STATUS_EVERY.toMillis(),
                POOL_STATUS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isReady() {
        return ready;
    }

    public int probePort() {
        return probes == null ? -1 : probes.port();
    }

    /** Releases records whose reservation is gone and kernel objects no record owns; publishes the result. */
    public SweepReport sweep() {
        SweepReport report = pool.sweep(live);
        poolStatus.swept(report);
        poolStatus.publish(ready);
        return report;
    }

    public NodePool pool() {
        return pool;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweep-failed node={} error=\"{}\"", settings.nodeName(), e.getMessage());
        }
    }

    /** Stops reconciling and sweeping. Reservations stay on the node; a restart restores them. */
    @Override
    public void close() {
        ready = false;
        sweeper.shutdownNow();
        if (operator != null) {
            operator.stop();
        }
        if (probes != null) {
            probes.close();
        }
    }

}
