package dev.allotment.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.agent.config.AgentConfig.Gc;
import dev.allotment.agent.config.AgentConfig.LogFormat;
import dev.allotment.agent.config.AgentConfig.NodeSelection;
import dev.allotment.agent.config.AgentConfig.Pool;
import dev.allotment.agent.config.AgentConfig.PortRange;
import dev.allotment.agent.config.AgentConfig.Quota;
import dev.allotment.agent.config.AgentConfig.QuotaBackendKind;
import dev.allotment.agent.config.AgentConfig.Uid;
import dev.allotment.pool.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    static AgentConfig config() {
        return new AgentConfig("node-1", Path.of("/var/lib/allotment/depot"), "al", "", Pool.defaults(), 1500,
                "192.0.2.10", List.of(), List.of(), Uid.defaults(), List.of(), List.of(), null, null, null,
                Duration.ofSeconds(30), Quota.defaults(), Gc.defaults(), NodeSelection.FIELD_SELECTOR, 8081,
                LogFormat.TEXT);
    }

    @Test
    void derivesTheLayerCacheBesideTheDepot() {
        assertThat(config().layerCacheDir()).isEqualTo(Path.of("/var/lib/allotment/layers"));
    }

    @Test
    void namesKernelObjectsWithPrefixAndTag() {
        assertThat(config().withTag("7").namePrefix()).isEqualTo("al7");
    }

    @Test
    void refusesATagThatMakesThePrefixLongerThanThreeCharacters() {
        assertThatThrownBy(() -> config().withTag("xyz")).isInstanceOf(ConfigException.class)
                .hasMessage("config: tag: prefix+tag \"alxyz\" is 5 characters, kernel names allow 3 (prefix \"al\""
                        + " leaves 1 for the tag)");
    }

    @Test
    void refusesAStaticRangeInsideTheDynamicPool() {
        assertThatThrownBy(() -> new Pool(Cidr.parse("10.254.0.0/22"), 30, List.of(Cidr.parse("10.254.1.0/24")),
                PortRange.defaults()))
                .hasMessage("config: pool.staticRanges: static range 10.254.1.0/24 overlaps the dynamic range"
                        + " 10.254.0.0/22");
    }

    @Test
    void refusesAContainerPrefixShorterThanThePool() {
        assertThatThrownBy(() -> new Pool(Cidr.parse("10.254.0.0/22"), 20, List.of(), PortRange.defaults()))
                .hasMessageStartingWith("config: pool.containerPrefix: container prefix /20 is shorter");
    }

    @Test
    void appliesThePortPoolRulesToThePortRange() {
        assertThatThrownBy(() -> new PortRange(65000, 5000))
                .hasMessage("config: pool.portRange: port range start 65000 + size 5000 exceeds 65535");
    }

    @Test
    void refusesMappingUnprivilegedRootToHostRoot() {
        assertThatThrownBy(() -> new Uid(0, 65536, false)).hasMessageStartingWith("config: uid: host root UID 0");
    }

    @Test
    void requiresAnXfsMountPointForTheXfsBackend() {
        assertThatThrownBy(() -> new Quota(QuotaBackendKind.XFS_PROJECT, null))
                .hasMessageStartingWith("config: quota.xfsMountPoint is required");
    }

    @Test
    void refusesADepotOutsideTheXfsMount() {
        AgentConfig c = config();
        assertThatThrownBy(() -> new AgentConfig(c.nodeName(), c.depotDir(), c.prefix(), c.tag(), c.pool(), c.mtu(),
                c.externalIp(), c.allowNetworks(), c.denyNetworks(), c.uid(), c.allowedRootfsRoots(),
                c.allowedBindMountSources(), null, null, null, c.hookTimeout(),
                new Quota(QuotaBackendKind.XFS_PROJECT, Path.of("/srv/xfs")), c.gc(), c.nodeSelection(),
                c.probePort(), c.logFormat()))
                .hasMessageStartingWith("config: quota.xfsMountPoint: depotDir /var/lib/allotment/depot is not on");
    }

    @Test
    void refusesAZeroGcInterval() {
        assertThatThrownBy(() -> new Gc(Duration.ZERO, Duration.ZERO))
                .hasMessage("config: gc.interval: must be longer than 0s");
    }

    @Test
    void refusesAnExternalIpInsideTheContainerPool() {
        assertThatThrownBy(() -> config().withExternalIp("10.254.0.6"))
                .hasMessage("config: externalIp: \"10.254.0.6\" lies inside pool.cidr 10.254.0.0/22");
    }

    @Test
    void movesTheDepotAndLayerCacheTogether() {
        AgentConfig moved = config().withDepot(Path.of("/tmp/n2/depot"), Path.of("/tmp/n2/layers"));
        assertThat(moved.depotDir()).isEqualTo(Path.of("/tmp/n2/depot"));
        assertThat(moved.layerCacheDir()).isEqualTo(Path.of("/tmp/n2/layers"));
    }

    @Test
    void refusesALayerCacheInsideTheDepot() {
        assertThatThrownBy(() -> config().withDepot(Path.of("/d"), Path.of("/d/layers")))
                .hasMessage("config: layerCacheDir: \"/d/layers\" must lie outside depotDir /d");
    }

    @Test
    void buildsTheFirewallPolicyFromAllowAndDenyNetworks() {
        AgentConfig c = config();
        AgentConfig withPolicy = new AgentConfig(c.nodeName(), c.depotDir(), c.prefix(), c.tag(), c.pool(), c.mtu(),
                c.externalIp(), List.of("10.0.0.0/8"), List.of("169.254.0.0/16", "192.0.2.1-192.0.2.9"), c.uid(),
                c.allowedRootfsRoots(), c.allowedBindMountSources(), null, null, null, c.hookTimeout(), c.quota(),
                c.gc(), c.nodeSelection(), c.probePort(), c.logFormat());
        assertThat(withPolicy.firewallPolicy().allowNetworks()).containsExactly("10.0.0.0/8");
        assertThat(withPolicy.firewallPolicy().denyNetworks()).containsExactly("169.254.0.0/16", "192.0.2.1-192.0.2.9");
    }

    @Test
    void listsItsEffectiveSettingsByKeyPath() {
        assertThat(config().settings())
                .containsEntry("pool.portRange.start", "60000")
                .containsEntry("pool.staticRanges", "10.253.0.0/22")
                .containsEntry("gc.interval", "1m")
                .containsEntry("quota.backend", "loop-image")
                .doesNotContainKey("defaultRootfs");
        assertThat(config().settings().keySet()).isSubsetOf(ConfigLoader.keys());
    }
}
