package dev.allotment.node;

import dev.allotment.pool.Cidr;
import java.util.List;

/** Every firewall rule one reservation owns. */
public record ContainerRules(String containerId, Cidr subnet, String ip, String bridge, String externalIp,
        List<PortMapping> netIn, List<EgressRule> netOut) {
    public ContainerRules {
        netIn = List.copyOf(netIn);
        netOut = List.copyOf(netOut);
    }
}
