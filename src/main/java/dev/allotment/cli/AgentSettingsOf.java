package dev.allotment.cli;

import dev.allotment.agent.AgentSettings;
import dev.allotment.agent.config.AgentConfig;
import dev.allotment.api.PoolConfig;
import dev.allotment.pool.Cidr;
import java.time.Duration;

/** Maps the loaded config onto what the agent runtime and the ReservationPool status need. */
final class AgentSettingsOf {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private AgentSettingsOf() {
    }

    static AgentSettings of(AgentConfig config, String probeHost, int probePort) {
        PoolConfig pool = new PoolConfig();
        pool.setCidr(config.pool().cidr().toString());
        pool.setContainerPrefix(config.pool().containerPrefix());
        pool.setStaticRanges(config.pool().staticRanges().stream().map(Cidr::toString).toList());
        pool.setPortRange(config.pool().portRange().start() + "-" + config.pool().portRange().end());
        pool.setMtu(config.mtu());
        pool.setExternalIp(config.externalIp());
        return new AgentSettings(config.nodeName(), config.nodeSelection() == AgentConfig.NodeSelection.FIELD_SELECTOR,
                config.gc().interval(), config.gc().grace(), RETRY_AFTER, probeHost, probePort, pool);
    }
}
