package dev.allotment.agent.config;

import dev.allotment.depot.Depot;
import dev.allotment.depot.PortOffsetFile;
import dev.allotment.node.FaultPoint;
import dev.allotment.node.Hooks;
import dev.allotment.node.KernelNames;
import dev.allotment.node.NodeConfig;
import dev.allotment.node.NodeParts;
import dev.allotment.node.NodePool;
import dev.allotment.node.NodePools;
import dev.allotment.node.exec.CommandRunner;
import dev.allotment.node.exec.ExecCommandRunner;
import dev.allotment.node.firewall.NftFirewall;
import dev.allotment.node.hooks.ScriptHooks;
import dev.allotment.node.net.IpNetwork;
import dev.allotment.node.rootfs.LocalFilesystem;
import dev.allotment.node.rootfs.LoopImageQuota;
import dev.allotment.node.rootfs.QuotaBackend;
import dev.allotment.node.rootfs.RootfsConfig;
import dev.allotment.node.rootfs.XfsProjectQuota;
import dev.allotment.pool.ContainerIdGenerator;
import dev.allotment.pool.PortPool;
import dev.allotment.pool.SubnetPool;
import dev.allotment.pool.UidMapping;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link NodePool}, wired by hand from an {@link AgentConfig} in this one place: the real command
 * runner, kernel names, network, firewall, filesystem with its quota backend, hooks, pools (the host-port rotation
 * resumed from the depot), depot, no fault points, the system clock, and one daemon thread, {@code subnet-cleanup},
 * that deletes freed subnets' bridges and masquerades. Building it touches neither the kernel nor the disk; call
 * {@link NodePool#restore()} and {@link NodePool#setUp()} next. {@link #close()} stops the cleanup thread.
 */
public final class NodeWiring implements AutoCloseable {
    static final String CLEANUP_THREAD = "subnet-cleanup";
    private static final long CLEANUP_DRAIN_SECONDS = 30;

    private final AgentConfig config;
    private final KernelNames names;
    private final NodePools pools;
    private final ExecutorService subnetCleanup;
    private final NodePool nodePool;

    public NodeWiring(AgentConfig config) {
        this(config, new ExecCommandRunner(), Clock.systemUTC());
    }

    /** With another runner and clock, for tests; production uses {@link #NodeWiring(AgentConfig)}. */
    public NodeWiring(AgentConfig config, CommandRunner runner, Clock clock) {
        if (config.externalIp() == null) {
            throw ConfigException.required("externalIp", "the node pool needs the node's address");
        }
        this.config = config;
        this.names = new KernelNames(config.namePrefix());
        LocalFilesystem filesystem = new LocalFilesystem(new RootfsConfig(config.allowedRootfsRoots(),
                config.allowedBindMountSources(), config.layerCacheDir(), quotaBackend(config, runner), null), runner);
        Hooks hooks = config.hooksDir() == null ? Hooks.NONE
                : new ScriptHooks(config.hooksDir(), config.hookTimeout(), runner);
        NodeParts parts = new NodeParts(new IpNetwork(runner, names), new NftFirewall(runner, names), filesystem,
                hooks);
        this.pools = pools(config);
        NodeConfig nodeConfig = new NodeConfig(config.depotDir(), config.externalIp(), config.mtu(),
                config.firewallPolicy(), config.defaultRootfs());
        Depot depot = new Depot(config.depotDir(), clock);
        this.subnetCleanup = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, CLEANUP_THREAD);
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.nodePool = new NodePool(nodeConfig, names, depot, pools, parts, FaultPoint.NONE, clock,
                    subnetCleanup);
        } catch (RuntimeException e) {
            subnetCleanup.shutdownNow();
            throw e;
        }
    }

    public NodePool nodePool() {
        return nodePool;
    }

    public AgentConfig config() {
        return config;
    }

    public KernelNames names() {
        return names;
    }

    public NodePools pools() {
        return pools;
    }

    /** Lets queued subnet cleanups finish (up to 30 s), then stops the thread. Idempotent. */
    @Override
    public void close() {
        subnetCleanup.shutdown();
        try {
            if (!subnetCleanup.awaitTermination(CLEANUP_DRAIN_SECONDS, TimeUnit.SECONDS)) {
                subnetCleanup.shutdownNow();
            }
        } catch (InterruptedException e) {
            subnetCleanup.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    ExecutorService subnetCleanup() {
        return subnetCleanup;
    }

    static QuotaBackend quotaBackend(AgentConfig config, CommandRunner runner) {
        return switch (config.quota().backend()) {
            case LOOP_IMAGE -> new LoopImageQuota(runner);
            case XFS_PROJECT -> new XfsProjectQuota(runner, config.quota().xfsMountPoint());
        };
    }

    /** The pools, the host-port queue resumed where the depot's {@code .port-offset} says it stood. */
    static NodePools pools(AgentConfig config) {
        AgentConfig.Pool pool = config.pool();
        AgentConfig.PortRange ports = pool.portRange();
        int offset = new PortOffsetFile(config.depotDir()).read().orElse(ports.start());
        return new NodePools(new ContainerIdGenerator(),
                new SubnetPool(pool.cidr(), pool.containerPrefix(), pool.staticRanges()),
                PortPool.resumingAt(ports.start(), ports.size(), offset),
                new UidMapping(config.uid().hostRootUid(), config.uid().size(), config.uid().allowPrivileged()));
    }
}
