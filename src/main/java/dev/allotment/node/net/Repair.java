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
            host.add(BatchLine.of("link", "set", plan.bridge(), "mtu", mtu, "up"));
        }
        if (!bridge.map(b -> b.hasAddress(plan.gateway(), prefix)).orElse(false)) {
            host.add(BatchLine.of("addr", "replace", plan.gateway() + "/" + prefix, "dev", plan.bridge()));
        }

        Optional<Link> hostEnd = hostLinks.named(plan.hostInterface());
        Optional<Link> containerEnd = namespace.link(plan.containerInterface());
        boolean pairIntact = hostEnd.isPresent() && containerEnd.isPresent();
        if (hostEnd.isPresent() && containerEnd.isEmpty()) {
            // Its peer is not in the namespace (a namespace deleted while a process still held it): start over.
            host.add(BatchLine.of("link", "del", plan.hostInterface()));
        }
        if (!pairIntact) {
            host.add(BatchLine.of("link", "add", plan.hostInterface(), "mtu", mtu, "type", "veth",
                    "peer", "name", plan.containerInterface(), "mtu", mtu, "netns", plan.netns()));
        }
        boolean hostEndReady = pairIntact && hostEnd.get().isUpWithMtu(plan.mtu())
                && plan.bridge().equals(hostEnd.get().master());
        if (!hostEndReady) {
            host.add(BatchLine.of("link", "set", plan.hostInterface(), "mtu", mtu, "master", plan.bridge(), "up"));
        }

        if (!namespace.link("lo").map(Link::up).orElse(false)) {
            inside.add(BatchLine.of("link", "set", "lo", "up"));
        }
        if (!pairIntact || !containerEnd.get().isUpWithMtu(plan.mtu())) {
            inside.add(BatchLine.of("link", "set", plan.containerInterface(), "mtu", mtu, "up"));
        }
        if (!pairIntact || !containerEnd.get().hasAddress(plan.ip(), prefix)) {
            inside.add(BatchLine.of("addr", "replace", plan.ip() + "/" + prefix, "dev", plan.containerInterface()));
        }
        if (!pairIntact || !namespace.hasDefaultRoute(plan.gateway(), plan.containerInterface())) {
            inside.add(BatchLine.of("route", "replace", "default", "via", plan.gateway(),
                    "dev", plan.containerInterface()));
        }
        return new Repair(host, inside);
    }
}
