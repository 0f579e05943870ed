package dev.allotment.node.net;

import dev.allotment.node.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The batch lines that turn what the kernel holds into what a plan asks for: host-side lines (namespace, bridge, veth
 * pair) and lines run inside the namespace. Empty when the plan is intact.
 */
record Repair(List<BatchLine> host, List<BatchLine> inNamespace) {
    Repair {
        host = List.copyOf(host);
        inNamespace = List.copyOf(inNamespace);
    }

    boolean isEmpty() {
        return host.isEmpty() && inNamespace.isEmpty();
    }

    /**
     * Everything of a plan, unobserved, for a reservation whose namespace file does not exist. Setting the bridge's
     * MTU, state and address again is harmless when it exists (equal subnets share it). A create that meets an object
     * left from before fails with "File exists" ({@link Tolerance#LEFT_OVER}) and changes nothing: the caller then
     * observes and repairs. The veth pair is made with its host end up and enslaved in the same line, so a left-over
     * host end is never brought up or moved by this attempt.
     */
    static Repair fresh(NetworkPlan plan) {
        String mtu = Integer.toString(plan.mtu());
        List<BatchLine> host = List.of(
                BatchLine.unlessLeftOver("netns", "add", plan.netns()),
                BatchLine.unlessExists("link", "add", plan.bridge(), "type", "bridge"),
                setBridge(plan, mtu),
                addressBridge(plan),
                new BatchLine(createPair(plan, mtu), Tolerance.LEFT_OVER));
        return new Repair(host, List.of(BatchLine.of("link", "set", "lo", "up"), setContainerEnd(plan, mtu),
                addressContainerEnd(plan), defaultRoute(plan)));
    }

    static Repair of(NetworkPlan plan, Links hostLinks, NamespaceView namespace) {
        List<BatchLine> host = new ArrayList<>();
        List<BatchLine> inside = new ArrayList<>();
        String mtu = Integer.toString(plan.mtu());
        int prefix = plan.subnet().prefix();

        if (namespace.presence() == NamespaceView.Presence.UNUSABLE) {
            host.add(BatchLine.unlessGone("netns", "del", plan.netns()));
        }
        if (!namespace.isPresent()) {
            host.add(BatchLine.of("netns", "add", plan.netns()));
        }

        Optional<Link> bridge = hostLinks.named(plan.bridge());
        if (bridge.isEmpty()) {
            // Equal subnets share the bridge, so a concurrent ensure may create it first.
            host.add(BatchLine.unlessExists("link", "add", plan.bridge(), "type", "bridge"));
        }
        if (!bridge.map(b -> b.isUpWithMtu(plan.mtu())).orElse(false)) {
            host.add(setBridge(plan, mtu));
        }
        if (!bridge.map(b -> b.hasAddress(plan.gateway(), prefix)).orElse(false)) {
            host.add(addressBridge(plan));
        }

        Optional<Link> hostEnd = hostLinks.named(plan.hostInterface());
        Optional<Link> containerEnd = namespace.link(plan.containerInterface());
        boolean pairIntact = hostEnd.isPresent() && containerEnd.isPresent();
        if (hostEnd.isPresent() && containerEnd.isEmpty()) {
            // Its peer is not in the namespace (a namespace deleted while a process still held it, or one whose
            // cleanup has not finished yet, which may then delete the host end first): start over.
            host.add(BatchLine.unlessGone("link", "del", plan.hostInterface()));
        }
        if (!pairIntact) {
            host.add(BatchLine.of(createPair(plan, mtu)));
        } else if (!(hostEnd.get().isUpWithMtu(plan.mtu()) && plan.bridge().equals(hostEnd.get().master()))) {
            host.add(BatchLine.of("link", "set", plan.hostInterface(), "mtu", mtu, "master", plan.bridge(), "up"));
        }

        if (!namespace.link("lo").map(Link::up).orElse(false)) {
            inside.add(BatchLine.of("link", "set", "lo", "up"));
        }
        if (!pairIntact || !containerEnd.get().isUpWithMtu(plan.mtu())) {
            inside.add(setContainerEnd(plan, mtu));
        }
        if (!pairIntact || !containerEnd.get().hasAddress(plan.ip(), prefix)) {
            inside.add(addressContainerEnd(plan));
        }
        if (!pairIntact || !namespace.hasDefaultRoute(plan.gateway(), plan.containerInterface())) {
            inside.add(defaultRoute(plan));
        }
        return new Repair(host, inside);
    }

    private static BatchLine setBridge(NetworkPlan plan, String mtu) {
        return BatchLine.of("link", "set", plan.bridge(), "mtu", mtu, "up");
    }

    private static BatchLine addressBridge(NetworkPlan plan) {
        return BatchLine.of("addr", "replace", plan.gateway() + "/" + plan.subnet().prefix(), "dev", plan.bridge());
    }

    /** The pair, its host end up in the bridge and its container end in the namespace. */
    private static String createPair(NetworkPlan plan, String mtu) {
        return String.join(" ", "link", "add", plan.hostInterface(), "mtu", mtu, "master", plan.bridge(), "up",
                "type", "veth", "peer", "name", plan.containerInterface(), "mtu", mtu, "netns", plan.netns());
    }

    private static BatchLine setContainerEnd(NetworkPlan plan, String mtu) {
        return BatchLine.of("link", "set", plan.containerInterface(), "mtu", mtu, "up");
    }

    private static BatchLine addressContainerEnd(NetworkPlan plan) {
        return BatchLine.of("addr", "replace", plan.ip() + "/" + plan.subnet().prefix(), "dev",
                plan.containerInterface());
    }

    private static BatchLine defaultRoute(NetworkPlan plan) {
        return BatchLine.of("route", "replace", "default", "via", plan.gateway(), "dev", plan.containerInterface());
    }
}
