package dev.allotment.node;

import java.nio.file.Path;

/**
 * What the node pool needs to know about its node beyond its parts and pools.
 *
 * @param externalIp    the node address NetIn host ports listen on
 * @param defaultRootfs the rootfs URI of reservations that name none
 */
public record NodeConfig(Path depotDir, String externalIp, int mtu, FirewallPolicy policy, String defaultRootfs) {
}
