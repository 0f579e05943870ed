package dev.allotment.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.depot.PortOffsetFile;
import dev.allotment.node.NodeUsage;
import dev.allotment.node.exec.FakeCommandRunner;
import dev.allotment.node.rootfs.LoopImageQuota;
import dev.allotment.node.rootfs.XfsProjectQuota;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeWiringTest {
    @TempDir
    Path dir;

    private AgentConfig config(String yaml) {
        return ConfigLoader.agent().fromYaml("test", "depotDir: " + dir.resolve("depot") + "\n" + yaml,
                ConfigLoaderTest.NODE);
    }

    @Test
    void wiresANodePoolWithoutTouchingTheKernelOrTheDisk() {
        FakeCommandRunner runner = new FakeCommandRunner();
        try (NodeWiring wiring = new NodeWiring(config(""), runner, Clock.systemUTC())) {
            assertThat(runner.commands()).isEmpty();
            assertThat(Files.exists(dir.resolve("depot"))).isFalse();
            assertThat(wiring.nodePool().depot().directory()).isEqualTo(dir.resolve("depot"));
            assertThat(wiring.names().prefix()).isEqualTo("al");
            NodeUsage usage = wiring.nodePool().usage();
            assertThat(usage.portCapacity()).isEqualTo(5000);
            assertThat(usage.subnetCapacity()).isEqualTo(256);
        }
    }

    @Test
    void sizesThePoolsFromTheConfig() {
        AgentConfig config = config("tag: t\npool: {cidr: 10.100.0.0/24, containerPrefix: 28,"
                + " portRange: {start: 40000, size: 10}}\nuid: {hostRootUid: 300000, size: 10, allowPrivileged: true}\n");
        try (NodeWiring wiring = new NodeWiring(config, new FakeCommandRunner(), Clock.systemUTC())) {
            assertThat(wiring.names().prefix()).isEqualTo("alt");
            assertThat(wiring.pools().subnets().capacity()).isEqualTo(16);
            assertThat(wiring.pools().ports().start()).isEqualTo(40000);
            assertThat(wiring.pools().ports().end()).isEqualTo(40009);
            assertThat(wiring.pools().uids().hostRootUid()).isEqualTo(300000);
            assertThat(wiring.pools().uids().allowsPrivileged()).isTrue();
        }
    }

    @Test
    void resumesTheHostPortRotationFromTheDepot() {
        new PortOffsetFile(dir.resolve("depot")).write(60123);
        try (NodeWiring wiring = new NodeWiring(config(""), new FakeCommandRunner(), Clock.systemUTC())) {
            assertThat(wiring.pools().ports().offset()).isEqualTo(60123);
            assertThat(wiring.pools().ports().acquire()).isEqualTo(60123);
        }
    }

    @Test
    void choosesTheConfiguredQuotaBackend() {
        FakeCommandRunner runner = new FakeCommandRunner();
        assertThat(NodeWiring.quotaBackend(config(""), runner)).isInstanceOf(LoopImageQuota.class);
        AgentConfig xfs = config("quota: {backend: xfs-project, xfsMountPoint: " + dir + "}\n");
        assertThat(NodeWiring.quotaBackend(xfs, runner)).isInstanceOf(XfsProjectQuota.class);
    }

    @Test
    void runsSubnetCleanupOnOneDaemonThreadThatCloseStops() throws Exception {
        NodeWiring wiring = new NodeWiring(config(""), new FakeCommandRunner(), Clock.systemUTC());
        Thread thread = wiring.subnetCleanup().submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
        assertThat(thread.getName()).isEqualTo("subnet-cleanup");
        assertThat(thread.isDaemon()).isTrue();
        wiring.close();
        assertThat(wiring.subnetCleanup().isTerminated()).isTrue();
        wiring.close();
    }

    @Test
    void refusesAConfigWithoutTheNodeAddress() {
        AgentConfig local = ConfigLoader.local().load(null, Map.of());
        assertThatThrownBy(() -> new NodeWiring(local, new FakeCommandRunner(), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("config: externalIp is required");
    }
}
