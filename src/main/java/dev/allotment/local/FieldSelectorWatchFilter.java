package dev.allotment.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a field selector to a watch the way the API server does: an object that starts matching arrives as
 * ADDED, one that stops matching as DELETED, and events about objects that never matched are dropped.
 */
final class FieldSelectorWatchFilter implements WatchFilter {
    private final FieldSelector selector;
    private final Set<String> matching = new HashSet<>();

    FieldSelectorWatchFilter(FieldSelector selector) {
        this.selector = selector;
    }

    @Override
    public synchronized Optional<ObjectNode> apply(ObjectNode event) {
        String uid = event.path("object").path("metadata").path("uid").asText();
        boolean matched = matching.contains(uid);
        boolean matches = selector.matches(event.path("object"));
        if ("DELETED".equals(event.path("type").asText())) {
            matching.remove(uid);
            return matched || matches ? Optional.of(event) : Optional.empty();
        }
        if (matches) {
            matching.add(uid);
            return Optional.of(withType(event, matched ? "MODIFIED" : "ADDED"));
        }
        matching.remove(uid);
        return matched ? Optional.of(withType(event, "DELETED")) : Optional.empty();
    }

    private static ObjectNode withType(ObjectNode event, String type) {
        return event.deepCopy().put("type", type);
    }
}
