package dev.allotment.node.firewall;

import dev.allotment.api.NetOutProtocol;
import dev.allotment.node.EgressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns one NetOut allow into the bodies of the nft rules that accept it.
 *
 * <p>No rule gets a plain interval set (such as {@code ip daddr { 10.0.0.0/8, 1.2.3.4 }}): nft 1.0.6 dumps the
 * elements of every plain interval set in the ruleset, anonymous ones included, before each element change, which
 * made every apply cost grow with the number of reservations. So several networks give several rules, several ports
 * give several rules, and networks with ports give one rule over a concatenated set, which nft does not dump.
 */
final class EgressRules {
    private EgressRules() {
    }

    static List<String> render(EgressRule rule, String logPrefix) {
        NetOutProtocol protocol = Objects.requireNonNull(rule.protocol(), "NetOut protocol");
        List<String> networks = AddressRange.merged(rule.networks()).stream().map(AddressRange::render).toList();
        List<String> ports = PortRange.merged(rule.ports()).stream().map(PortRange::render).toList();
        boolean transport = protocol == NetOutProtocol.TCP || protocol == NetOutProtocol.UDP;
        if (!ports.isEmpty() && !transport) {
            throw new IllegalArgumentException("NetOut ports need protocol tcp or udp, not " + protocol.wireName());
        }
        String verdict = (rule.log() ? "log prefix \"" + logPrefix + "\" " : "") + "accept";
        String l4 = protocol.wireName();
        String anyProtocol = protocol == NetOutProtocol.ALL ? "" : "meta l4proto " + l4 + " ";
        List<String> rules = new ArrayList<>();
        if (ports.isEmpty() && networks.isEmpty()) {
            rules.add(anyProtocol + verdict);
        } else if (ports.isEmpty()) {
            networks.forEach(n -> rules.add(anyProtocol + "ip daddr " + n + " " + verdict));
        } else if (networks.isEmpty()) {
            ports.forEach(p -> rules.add(l4 + " dport " + p + " " + verdict));
        } else if (networks.size() == 1 && ports.size() == 1) {
            rules.add("ip daddr " + networks.get(0) + " " + l4 + " dport " + ports.get(0) + " " + verdict);
        } else {
            List<String> pairs = new ArrayList<>();
            networks.forEach(n -> ports.forEach(p -> pairs.add(n + " . " + p)));
            rules.add("ip daddr . " + l4 + " dport { " + String.join(", ", pairs) + " } " + verdict);
        }
        return rules;
    }
}
