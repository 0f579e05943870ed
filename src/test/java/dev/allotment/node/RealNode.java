package dev.allotment.node;

import dev.allotment.depot.Depot;
import dev.allotment.depot.PortOffsetFile;
import dev.allotment.node.exec.CommandRunner;
import dev.allotment.node.exec.ExecCommandRunner;
import dev.allotment.node.firewall.NftFirewall;
import dev.allotment.node.hooks.ScriptHooks;
import dev.allotment.node.net.IpNetwork;
import dev.allotment.node.rootfs.LocalFilesystem;
import dev.allotment.node.rootfs.LoopImageQuota;
import dev.allotment.node.rootfs.RootfsConfig;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.ContainerIdGenerator;
import dev.allotment.pool.PortPool;
import dev.allotment.pool.SubnetPool;
import dev.allotment.pool.UidMapping;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A NodePool on the real kernel under one name prefix, laid out in one work directory: depot, layer cache, images,
 * bind sources and hooks. A new instance over the same directory and prefix is a restarted agent. Test-only.
 */
public final class RealNode {
    public final String prefix;
    public final Path work;
    public final Path depot;
    public final Path images;
    public final Path bindSources;
    public final Path hooks;
    public final KernelNames names;
    public final CommandRunner runner = new ExecCommandRunner();
    public final NodePool pool;
    public final NftFirewall firewall;
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "subnet-cleanup");
        thread.setDaemon(true);
        return thread;
    });

    /** Waits until the bridges and masquerades of subnets freed so far are deleted. */
    public void awaitCleanup() {
        try {
            cleanup.submit(() -> { }).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("subnet cleanup did not finish", e);
        }
    }

    public RealNode(String prefix, Path work, String externalIp, FirewallPolicy policy, FaultPoint faults) {
        this.prefix = prefix;
        this.work = work;
        this.depot = work.resolve("depot");
        this.images = work.resolve("images");
        this.bindSources = work.resolve("binds");
        this.hooks = work.resolve("hooks");
        this.names = new KernelNames(prefix);
        this.firewall = new NftFirewall(runner, names);
        LocalFilesystem filesystem = new LocalFilesystem(new RootfsConfig(List.of(images), List.of(bindSources),
                work.resolve("layers"), new LoopImageQuota(runner), null), runner);
        NodeParts parts = new NodeParts(new IpNetwork(runner, names), firewall, filesystem,
                new ScriptHooks(hooks, Duration.ofSeconds(10), runner));
        NodePools pools = new NodePools(new ContainerIdGenerator(),
                new SubnetPool(Cidr.parse("10.254.0.0/22"), 30, List.of(Cidr.parse("10.253.0.0/22"))),
                PortPool.resumingAt(61000, 2000, new PortOffsetFile(depot).read().orElse(61000)),
                new UidMapping(100000, 65536, false));
        NodeConfig config = new NodeConfig(depot, externalIp, 1500, policy, "dir://" + images.resolve("base"));
        this.pool = new NodePool(config, names, new Depot(depot, Clock.systemUTC()), pools, parts, faults,
                Clock.systemUTC(), cleanup);
    }
}
