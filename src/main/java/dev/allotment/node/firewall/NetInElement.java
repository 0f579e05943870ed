package dev.allotment.node.firewall;

import dev.allotment.api.Protocol;

/** One element of the NetIn DNAT map: {@code externalIp . protocol . hostPort : containerIp . containerPort}. */
record NetInElement(String externalIp, Protocol protocol, int hostPort, String containerIp, int containerPort) {
    String key() {
        return externalIp + " . " + protocol.wireName() + " . " + hostPort;
    }

    String value() {
        return containerIp + " . " + containerPort;
    }
}
