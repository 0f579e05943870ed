package dev.allotment.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Rewrites or drops one watch event ({@code {"type": ..., "object": ...}}) before it reaches the client. */
@FunctionalInterface
interface WatchFilter {
    Optional<ObjectNode> apply(ObjectNode event);

    default WatchFilter then(WatchFilter next) {
        return event -> apply(event).flatMap(next::apply);
    }

    static WatchFilter none() {
        return Optional::of;
    }

    /**
     * Drops ADDED events for objects the client already listed. The store replays every existing object as ADDED
     * when a watch opens, whatever resourceVersion the client asked to start from; a real API server sends only
     * what changed after it.
     */
    static WatchFilter changesAfter(long resourceVersion) {
        return event -> {
            if (!"ADDED".equals(event.path("type").asText())) {
                return Optional.of(event);
            }
            String version = event.path("object").path("metadata").path("resourceVersion").asText("");
            try {
                return Long.parseLong(version) <= resourceVersion ? Optional.empty() : Optional.of(event);
            } catch (NumberFormatException e) {
                return Optional.of(event);
            }
        };
    }

    /** Sends each event's object as a one-row Table, as a server does for {@code kubectl get --watch}. */
    static WatchFilter asTable(TableRenderer renderer, TableRenderer.RowObject rowObject) {
        return event -> {
            String version = event.path("object").path("metadata").path("resourceVersion").asText(null);
            ObjectNode copy = event.deepCopy();
            copy.set("object", renderer.table(List.of(event.path("object")), version, rowObject));
            return Optional.of(copy);
        };
    }
}
