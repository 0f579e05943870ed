package dev.allotment.node.net;

import dev.allotment.node.KernelNames;
import dev.allotment.node.NetworkPlan;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.InvalidAddressException;
import dev.allotment.pool.Ipv4;
import java.util.Objects;

/**
 * Refuses a plan whose names or addresses are not the ones this agent derives. Plan values go into ip batch scripts,
 * where a space or a newline would start another argument or command, so only derived values may pass.
 */
final class PlanCheck {
    private PlanCheck() {
    }

    static void requireDerived(NetworkPlan plan, KernelNames names) {
        Objects.requireNonNull(plan, "plan");
        String id = requireContainerId(plan.containerId(), names);
        String what = "network plan of container " + id;
        require(names.namespace(id).equals(plan.netns()), what, "netns", plan.netns());
        require(names.hostInterface(id).equals(plan.hostInterface()), what, "hostInterface", plan.hostInterface());
        require(names.containerInterface(id).equals(plan.containerInterface()), what, "containerInterface",
                plan.containerInterface());
        Cidr subnet = Objects.requireNonNull(plan.subnet(), what + ": subnet is missing");
        require(subnet.prefix() <= 30, what, "subnet", subnet);
        require(names.bridge(subnet).equals(plan.bridge()), what, "bridge", plan.bridge());
        require(Ipv4.format(subnet.gateway()).equals(plan.gateway()), what, "gateway", plan.gateway());
        int ip = parse(plan.ip(), what);
        require(Ipv4.format(ip).equals(plan.ip()) && subnet.contains(ip) && ip != subnet.gateway()
                && ip != subnet.network() && ip != subnet.broadcast(), what, "ip", plan.ip());
        require(plan.mtu() >= 68 && plan.mtu() <= 65535, what, "mtu", plan.mtu());
    }

    /** The container ID, if the agent's names would accept it; else an IllegalArgumentException. */
    static String requireContainerId(String containerId, KernelNames names) {
        if (containerId == null || names.containerIdOfNamespace(names.namespace(containerId)).isEmpty()) {
            throw new IllegalArgumentException("\"" + containerId + "\" is not a container ID");
        }
        return containerId;
    }

    private static int parse(String ip, String what) {
        try {
            return Ipv4.parse(ip);
        } catch (InvalidAddressException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static void require(boolean derived, String what, String field, Object value) {
        if (!derived) {
            throw new IllegalArgumentException(what + ": " + field + " \"" + value
                    + "\" is not what this agent derives for it");
        }
    }
}
