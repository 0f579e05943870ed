package dev.allotment.node;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.NetIn;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.depot.Depot;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.RecordState;
import dev.allotment.depot.Resources;
import dev.allotment.pool.Allocation;
import dev.allotment.pool.NetworkRequest;
import dev.allotment.spec.SpecValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All-or-nothing acquire: plan and record ({@code acquiring}) before the first kernel change, make the changes,
 * record {@code ready}. Any failure runs the full release and raises a typed error.
 */
final class Acquirer {
    private static final Logger LOG = LoggerFactory.getLogger(Acquirer.class);

    private final NodeConfig config;
    private final Depot depot;
    private final NodePools pools;
    private final NodeParts parts;
    private final KernelNames names;
    private final Plans plans;
    private final Releaser releaser;
    private final SubnetLocks subnetLocks;
    private final FaultPoint faults;
    private final Clock clock;
    private final Set<String> inFlight;
    private final SpecValidator validator = new SpecValidator();
    private final Object planLock = new Object();

    Acquirer(NodeConfig config, Depot depot, NodePools pools, NodeParts parts, KernelNames names, Plans plans,
            Releaser releaser, SubnetLocks subnetLocks, FaultPoint faults, Clock clock, Set<String> inFlight) {
        this.config = config;
        this.depot = depot;
        this.pools = pools;
        this.parts = parts;
        this.names = names;
        this.plans = plans;
        this.releaser = releaser;
        this.subnetLocks = subnetLocks;
        this.faults = faults;
        this.clock = clock;
        this.inFlight = inFlight;
    }

    DepotRecord acquire(AcquireRequest request) {
        Optional<DepotRecord> existing = depot.byUid(request.owner().uid());
        if (existing.isPresent() && existing.get().state() == RecordState.READY) {
            return existing.get();
        }
        existing.ifPresent(releaser::release);
        validator.validate(request.spec());
        DepotRecord planned = plan(request);
        try {
            return make(planned);
        } finally {
            inFlight.remove(planned.containerId());
        }
    }

    private DepotRecord make(DepotRecord planned) {
        faults.reached("acquire-recorded");
        String step = "network";
        try {
            ensureNetworkAndFirewall(planned);
            step = "filesystem";
            FilesystemState filesystem = parts.filesystem().ensure(plans.filesystem(planned));
            faults.reached("filesystem-ensured");
            DepotRecord complete = planned.withResources(withFilesystem(planned, filesystem), clock.instant());
            step = "create hook";
            parts.hooks().create(HookEnvironment.of(complete));
            faults.reached("hooks-ran");
            DepotRecord ready = depot.write(complete.withState(RecordState.READY, clock.instant()));
            LOG.info("acquired containerId={} handle={} ip={}", ready.containerId(), ready.handle(),
                    ready.resources().ip());
            return ready;
        } catch (RuntimeException e) {
            throw rolledBack(planned, step, e);
        }
    }

    /** Makes (or, for restore, remakes) the network and firewall of a record, under its subnet's lock. */
    void ensureNetworkAndFirewall(DepotRecord record) {
        Allocation allocation = Plans.allocation(record.resources());
        subnetLocks.with(allocation.subnet(), () -> {
            parts.network().ensure(Plans.network(record));
            faults.reached("network-ensured");
            parts.firewall().apply(Plans.rules(record));
            faults.reached("firewall-applied");
        });
    }

    private RuntimeException rolledBack(DepotRecord planned, String step, RuntimeException failure) {
        try {
            releaser.release(planned);
        } catch (RuntimeException releaseFailure) {
            failure.addSuppressed(releaseFailure);
        }
        LOG.warn("acquire-failed containerId={} step=\"{}\" error=\"{}\"", planned.containerId(), step,
                failure.getMessage());
        if (failure instanceof ReservationException reservationFailure) {
            return reservationFailure;
        }
        return new ReservationException(Reason.AcquireFailed, step + " failed: " + failure.getMessage(), failure);
    }

    /** Allocates from the pools and writes the {@code acquiring} record; on failure nothing stays allocated. */
    private DepotRecord plan(AcquireRequest request) {
        ContainerReservationSpec spec = request.spec();
        String rootfsUri = spec.getRootfs() != null ? spec.getRootfs() : config.defaultRootfs();
        if (rootfsUri == null) {
            throw new ReservationException(Reason.InvalidSpec,
                    "spec.rootfs: is required, because this node has no default rootfs");
        }
        long rootUid = pools.uids().rootUid(Boolean.TRUE.equals(spec.getPrivileged()));
        synchronized (planLock) {
            checkHandleIsFree(request);
            String id = freeContainerId();
            Allocation allocation = pools.subnets().acquire(NetworkRequest.parse(spec.getNetwork()));
            List<Resources.Port> ports = new ArrayList<>();
            try {
                ports.addAll(hostPorts(spec.getNetIn()));
                DepotRecord planned = DepotRecord.acquiring(id, request.owner(), request.handle(), spec,
                        plannedResources(id, allocation, ports, rootUid, rootfsUri, spec), clock.instant());
                parts.filesystem().check(plans.filesystem(planned));
                inFlight.add(id);
                return depot.create(planned);
            } catch (RuntimeException e) {
                inFlight.remove(id);
                ports.forEach(p -> pools.ports().release(p.hostPort()));
                pools.subnets().release(allocation);
                throw e;
            }
        }
    }

    private void checkHandleIsFree(AcquireRequest request) {
        depot.byHandle(request.handle()).ifPresent(holder -> {
            throw new ReservationException(Reason.Conflict, "handle \"" + request.handle()
                    + "\" is already used on this node by " + holder.owner().namespace() + "/" + holder.owner().name());
        });
    }

    private String freeContainerId() {
        String id = pools.ids().next();
        while (depot.byContainerId(id).isPresent() || depot.entryDir(id).toFile().exists()) {
            id = pools.ids().next();
        }
        return id;
    }

    /** Takes explicit host ports out of the pool and picks the rest; on failure returns what it took. */
    List<Resources.Port> hostPorts(List<NetIn> netIn) {
        List<Resources.Port> taken = new ArrayList<>();
        try {
            for (NetIn mapping : netIn) {
                int hostPort = mapping.getHostPort() == null || mapping.getHostPort() == 0
                        ? pools.ports().acquire() : claim(mapping.getHostPort());
                String protocol = mapping.getProtocol() == null ? "tcp" : mapping.getProtocol().wireName();
                taken.add(new Resources.Port(hostPort, mapping.getContainerPort(), protocol));
            }
            return taken;
        } catch (RuntimeException e) {
            taken.forEach(p -> pools.ports().release(p.hostPort()));
            throw e;
        }
    }

    private int claim(int hostPort) {
        pools.ports().remove(hostPort);
        return hostPort;
    }

    private Resources plannedResources(String id, Allocation allocation, List<Resources.Port> ports, long rootUid,
            String rootfsUri, ContainerReservationSpec spec) {
        Long byteHard = Limits.byteHard(spec);
        boolean quota = byteHard != null;
        return Resources.builder()
                .subnet(allocation.subnet().toString()).ip(allocation.ip()).gateway(allocation.gateway())
                .bridge(names.bridge(allocation.subnet())).mtu(config.mtu()).externalIp(config.externalIp())
                .ports(ports).rootUid(rootUid).netns(names.namespace(id))
                .hostInterface(names.hostInterface(id)).containerInterface(names.containerInterface(id))
                .rootfs(new Resources.Rootfs(rootfsUri, null, List.of()))
                .quota(quota ? new Resources.Quota(null, byteHard,
                        spec.getLimits().getDisk().getInodeHard(), null) : null)
                .env(spec.getEnv())
                .bindMounts(spec.getBindMounts().stream().map(Plans::recorded).toList())
                .properties(spec.getProperties())
                .build();
    }

    private static Resources withFilesystem(DepotRecord record, FilesystemState state) {
        Resources r = record.resources();
        Resources.Quota quota = r.quota() == null ? null : new Resources.Quota(state.quotaBackend(),
                r.quota().byteHard(), r.quota().inodeHard(),
                state.quotaImage() == null ? null : state.quotaImage().toString());
        return r.toBuilder()
                .rootfs(new Resources.Rootfs(r.rootfs().uri(), state.rootfsPath().toString(), state.layers()))
                .quota(quota)
                .env(EnvMerge.over(state.imageEnv(), r.env() == null ? List.of() : r.env()))
                .build();
    }
}
