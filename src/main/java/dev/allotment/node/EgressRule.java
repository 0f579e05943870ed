package dev.allotment.node;

import dev.allotment.api.NetOutProtocol;
import java.util.List;

/**
 * One NetOut allow, validated: networks are {@code A.B.C.D}, {@code A.B.C.D/N} or {@code A.B.C.D-E.F.G.H}; ports are
 * {@code N} or {@code N-M} and only present for tcp or udp. Empty lists mean any.
 */
public record EgressRule(NetOutProtocol protocol, List<String> networks, List<String> ports, boolean log) {
    public EgressRule {
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
    }
}
