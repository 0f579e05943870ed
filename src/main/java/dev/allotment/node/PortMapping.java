package dev.allotment.node;

import dev.allotment.api.Protocol;

/** One NetIn as applied: externalIp:hostPort forwarded to the reservation's ip:containerPort. */
public record PortMapping(int hostPort, int containerPort, Protocol protocol) {
}
