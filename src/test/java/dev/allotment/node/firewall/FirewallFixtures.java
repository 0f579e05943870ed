package dev.allotment.node.firewall;

import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.Protocol;
import dev.allotment.node.ContainerRules;
import dev.allotment.node.EgressRule;
import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.KernelNames;
import dev.allotment.node.PortMapping;
import dev.allotment.pool.Cidr;
import java.util.List;

/** Rules and an nft listing shared by the unit tests; the listing is real nft 1.0.6 output, trimmed of rules. */
final class FirewallFixtures {
    static final KernelNames NAMES = new KernelNames("zq9");
    static final String ID = "0123456789a";
    static final String OTHER_ID = "bbbbbbbbbbb";
    static final Cidr SUBNET = Cidr.parse("10.254.0.0/30");
    static final FirewallPolicy POLICY = new FirewallPolicy(
            List.of("10.0.0.0/8", "10.1.0.0/16", "192.168.1.1-192.168.1.9"), List.of("10.98.0.0/16", "172.16.0.0/12"));

    static final ContainerRules RICH = rules(
            List.of(new PortMapping(60001, 8080, Protocol.TCP), new PortMapping(60001, 8080, Protocol.UDP),
                    new PortMapping(60002, 22, Protocol.TCP)),
            List.of(new EgressRule(NetOutProtocol.TCP, List.of("8.8.8.8", "1.2.3.0/24"), List.of("80", "8000-8080"),
                            true),
                    new EgressRule(NetOutProtocol.ALL, List.of("10.98.0.1-10.98.0.20", "192.168.0.0/16"), List.of(),
                            false),
                    new EgressRule(NetOutProtocol.UDP, List.of(), List.of("53"), false)));

    /** {@link #ID} with its NetIn as {@link #RICH} has it, plus {@link #OTHER_ID} and a subnet nobody uses. */
    static final String LISTING = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
            {"table": {"family": "inet", "name": "allotment_zq9", "handle": 1}},
            {"set": {"family": "inet", "name": "allow_nets", "table": "allotment_zq9", "type": "ipv4_addr", "handle": 1,\
             "flags": ["interval"], "elem": [{"prefix": {"addr": "10.0.0.0", "len": 8}},\
             {"range": ["192.168.1.1", "192.168.1.9"]}]}},
            {"map": {"family": "inet", "name": "egress", "table": "allotment_zq9", "type": "ipv4_addr", "handle": 3,\
             "map": "verdict", "elem": [[{"elem": {"val": "10.254.0.2", "comment": "0123456789a"}},\
             {"goto": {"target": "out_0123456789a"}}], [{"elem": {"val": "10.254.0.6", "comment": "bbbbbbbbbbb"}},\
             {"goto": {"target": "out_bbbbbbbbbbb"}}]]}},
            {"map": {"family": "inet", "name": "netin", "table": "allotment_zq9",\
             "type": ["ipv4_addr", "inet_proto", "inet_service"], "handle": 4, "map": "ipv4_addr . inet_service",\
             "elem": [[{"elem": {"val": {"concat": ["10.99.0.1", "tcp", 60001]}, "comment": "0123456789a"}},\
             {"concat": ["10.254.0.2", 8080]}], [{"elem": {"val": {"concat": ["10.99.0.1", "udp", 60001]},\
             "comment": "0123456789a"}}, {"concat": ["10.254.0.2", 8080]}], [{"elem": {"val": {"concat":\
             ["10.99.0.1", "tcp", 60002]}, "comment": "0123456789a"}}, {"concat": ["10.254.0.2", 22]}],\
             [{"concat": ["10.99.0.1", "tcp", 60010]}, {"concat": ["10.254.0.6", 80]}]]}},
            {"set": {"family": "inet", "name": "borders", "table": "allotment_zq9", "type": ["ipv4_addr", "ipv4_addr"],\
             "handle": 5, "flags": ["interval"], "elem": [\
            {"concat": [{"prefix": {"addr": "10.254.0.0", "len": 30}}, {"range": ["0.0.0.0", "10.253.255.255"]}]},\
            {"concat": [{"prefix": {"addr": "10.254.0.0", "len": 30}}, {"range": ["10.254.0.4", "255.255.255.255"]}]},\
            {"concat": [{"prefix": {"addr": "10.254.0.4", "len": 30}}, {"range": ["0.0.0.0", "10.254.0.3"]}]},\
            {"concat": [{"prefix": {"addr": "10.254.0.4", "len": 30}}, {"range": ["10.254.0.8", "255.255.255.255"]}]},\
            {"concat": [{"prefix": {"addr": "10.254.0.8", "len": 30}}, {"range": ["0.0.0.0", "10.254.0.7"]}]},\
            {"concat": [{"prefix": {"addr": "10.254.0.8", "len": 30}}, {"range": ["10.254.0.12", "255.255.255.255"]}]}\
            ]}},
            {"chain": {"family": "inet", "table": "allotment_zq9", "name": "forward", "handle": 6, "type": "filter",\
             "hook": "forward", "prio": 0, "policy": "accept"}},
            {"chain": {"family": "inet", "table": "allotment_zq9", "name": "node_policy", "handle": 10}},
            {"chain": {"family": "inet", "table": "allotment_zq9", "name": "out_0123456789a", "handle": 23}},
            {"chain": {"family": "inet", "table": "allotment_zq9", "name": "out_bbbbbbbbbbb", "handle": 66}}]}
            """;

    private FirewallFixtures() {
    }

    static ContainerRules rules(List<PortMapping> netIn, List<EgressRule> netOut) {
        return new ContainerRules(ID, SUBNET, "10.254.0.2", NAMES.bridge(SUBNET), "10.99.0.1", netIn, netOut);
    }
}
