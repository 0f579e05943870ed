package dev.allotment.node.net;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The links of one network namespace, by name. */
record Links(Map<String, Link> byName) {
    static final Links NONE = new Links(Map.of());

    Links {
        byName = Map.copyOf(byName);
    }

    Optional<Link> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Set<String> names() {
        return byName.keySet();
    }
}
