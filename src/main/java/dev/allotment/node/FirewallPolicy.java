package dev.allotment.node;

import java.util.List;

/**
 * The node's default egress policy for reservations: traffic to an allow network is accepted, then traffic to a deny
 * network is rejected, then anything else is accepted. A reservation's NetOut rules come before both.
 */
public record FirewallPolicy(List<String> allowNetworks, List<String> denyNetworks) {
    public FirewallPolicy {
        allowNetworks = List.copyOf(allowNetworks);
        denyNetworks = List.copyOf(denyNetworks);
    }
}
