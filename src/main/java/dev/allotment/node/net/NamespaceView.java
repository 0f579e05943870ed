package dev.allotment.node.net;

import java.util.List;
import java.util.Optional;

/** What a named namespace holds, or that it is absent or cannot be entered (a file left without its mount). */
record NamespaceView(Presence presence, Links links, List<Route> routes) {
    enum Presence { ABSENT, UNUSABLE, PRESENT }

    static final NamespaceView ABSENT = new NamespaceView(Presence.ABSENT, Links.NONE, List.of());
    static final NamespaceView UNUSABLE = new NamespaceView(Presence.UNUSABLE, Links.NONE, List.of());

    NamespaceView {
        routes = List.copyOf(routes);
    }

    static NamespaceView present(Links links, List<Route> routes) {
        return new NamespaceView(Presence.PRESENT, links, routes);
    }

    boolean isPresent() {
        return presence == Presence.PRESENT;
    }

    Optional<Link> link(String name) {
        return links.named(name);
    }

    boolean hasDefaultRoute(String gateway, String device) {
        return routes.stream().anyMatch(r -> r.isDefaultVia(gateway, device));
    }
}
