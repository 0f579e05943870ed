package dev.allotment.agent;

import dev.allotment.api.PoolConfig;
import java.time.Duration;

/**
 * What the agent runtime needs beyond its NodePool.
 *
 * @param fieldSelector ask the API server for this node's reservations with a field selector (real API servers);
 *                      false filters on the client (servers that ignore custom field selectors)
 * @param probePort     0 picks a free port; negative disables the probes
 */
public record AgentSettings(String nodeName, boolean fieldSelector, Duration gcInterval, Duration gcGrace,
        Duration retryAfter, String probeHost, int probePort, PoolConfig poolConfig) {
}
