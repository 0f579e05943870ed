package dev.allotment.node;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.depot.Depot;
import dev.allotment.depot.Owner;
import dev.allotment.depot.PortOffsetFile;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.ContainerIdGenerator;
import dev.allotment.pool.PortPool;
import dev.allotment.pool.SubnetPool;
import dev.allotment.pool.UidMapping;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** A NodePool on fakes and a real depot directory. {@link #restart()} is a new process over the same node. */
public final class NodePoolFixture {
    public final KernelNames names = new KernelNames("al");
    public final FakeNetwork network = new FakeNetwork(names);
    public final FakeFirewall firewall = new FakeFirewall();
    public final FakeFilesystem filesystem = new FakeFilesystem();
    public final FakeHooks hooks = new FakeHooks();
    public final Path depotDir;
    /** Runs cleanup at once; {@link #deferCleanup} holds it until {@link #runDeferredCleanup}. */
    final java.util.List<Runnable> deferred = new java.util.ArrayList<>();
    private boolean deferCleanup;
    private final java.util.concurrent.Executor cleanup = task -> {
        if (deferCleanup) {
            deferred.add(task);
        } else {
            task.run();
        }
    };
    public NodePools pools;
    public NodePool pool;

    private final String dynamicRange;

    public NodePoolFixture(Path depotDir) {
        this(depotDir, "10.254.0.0/28");
    }

    public NodePoolFixture(Path depotDir, String dynamicRange) {
        this.depotDir = depotDir;
        this.dynamicRange = dynamicRange;
        restart();
    }

    public NodePool restart() {
        pools = new NodePools(new ContainerIdGenerator(), new SubnetPool(Cidr.parse(dynamicRange), 30,
                List.of(Cidr.parse("10.253.0.0/22"))), PortPool.resumingAt(60000, dynamicRange.endsWith("/28") ? 8 : 1000,
                new PortOffsetFile(depotDir).read().orElse(60000)), new UidMapping(100000, 65536, false));
        NodeConfig config = new NodeConfig(depotDir, "10.99.0.1", 1500,
                new FirewallPolicy(List.of("10.1.0.0/16"), List.of("0.0.0.0/0")), "dir:///images/base");
        pool = new NodePool(config, names, new Depot(depotDir, Clock.systemUTC()), pools,
                new NodeParts(network, firewall, filesystem, hooks), FaultPoint.NONE, Clock.systemUTC(), cleanup);
        return pool;
    }

    static AcquireRequest request(String name, ContainerReservationSpec spec) {
        return new AcquireRequest(new Owner("default", name, UUID.randomUUID().toString(), 1L), spec);
    }

    static ContainerReservationSpec spec() {
        ContainerReservationSpec spec = new ContainerReservationSpec();
        spec.setNodeName("node-1");
        return spec;
    }

    static ContainerReservationSpec spec(String network) {
        ContainerReservationSpec spec = spec();
        spec.setNetwork(network);
        return spec;
    }

    dev.allotment.depot.DepotRecord depotRecord(String containerId) {
        return new Depot(depotDir, Clock.systemUTC()).load().records().stream()
                .filter(r -> r.containerId().equals(containerId)).findFirst().orElseThrow();
    }

    void deferCleanup() {
        deferCleanup = true;
    }

    void runDeferredCleanup() {
        deferred.forEach(Runnable::run);
        deferred.clear();
    }

    public boolean kernelIsEmpty() {
        return network.isEmpty() && firewall.isEmpty() && filesystem.mounts.isEmpty();
    }

    public boolean poolsAreEmpty() {
        return pools.subnets().allocations().isEmpty() && pools.ports().inUse() == 0;
    }
}
