package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.io.IOException;
import java.util.Iterator;

/**
 * Applies a PATCH body to the current object, for the content types the API server accepts: JSON patch, JSON merge
 * patch (RFC 7386: lists are replaced, nulls delete), and strategic merge patch. A strategic merge patch is
 * refused for custom resources, as a real API server does, which is what makes kubectl send merge patches for
 * them; for built-in kinds it is applied as a merge patch when it carries no {@code $} directive, which is exact
 * for maps and scalars. Server-side apply is refused.
 */
final class PatchTypes {
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String MERGE = "application/merge-patch+json";
    private static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private PatchTypes() {
    }

    static JsonNode apply(RecordedRequest request, JsonNode current, boolean customResource) throws Refused {
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        JsonNode patch = parse(request);
        if (contentType.startsWith(JSON_PATCH)) {
            try {
                return JsonPatch.apply(patch, withParents(current.deepCopy(), patch));
            } catch (JsonPatchException e) {
                throw new Refused(422, "Invalid", "the JSON patch does not apply: " + e.getMessage());
            }
        }
        if (contentType.startsWith(STRATEGIC)) {
            if (customResource) {
                throw unsupported("strategic merge patch is not supported for custom resources;"
                        + " use --type=merge or --type=json");
            }
            if (hasDirective(patch)) {
                throw unsupported("the embedded API server applies strategic merge patches without $ directives"
                        + " only; use --type=merge or --type=json");
            }
            return merge(current.deepCopy(), patch);
        }
        if (contentType.startsWith(MERGE)) {
            return merge(current.deepCopy(), patch);
        }
        throw unsupported("the embedded API server accepts " + JSON_PATCH + ", " + MERGE + " and " + STRATEGIC
                + " (server-side apply is not supported), not " + contentType);
    }

    /** RFC 7386. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : Json.object();
        patch.properties().forEach(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        });
        return result;
    }

    /** The mock's leniency, kept: an {@code add} below a missing object creates the objects above it. */
    private static JsonNode withParents(JsonNode resource, JsonNode patch) {
        for (JsonNode operation : patch) {
            String[] steps = operation.path("path").asText().replaceFirst("^/", "").split("/");
            JsonNode node = resource;
            for (int i = 0; i < steps.length - 1; i++) {
                String step = steps[i].replace("~1", "/").replace("~0", "~");
                if (node.isObject() && node.get(step) == null) {
                    ((ObjectNode) node).putObject(step);
                }
                node = node.path(step);
            }
        }
        return resource;
    }

    private static JsonNode parse(RecordedRequest request) throws Refused {
        try {
            return Json.read(request.getBody().getBytes());
        } catch (IOException e) {
            throw new Refused(400, "BadRequest", "unreadable patch: " + e.getMessage());
        }
    }

    private static boolean hasDirective(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                if (names.next().startsWith("$")) {
                    return true;
                }
            }
        }
        for (JsonNode child : node) {
            if (hasDirective(child)) {
                return true;
            }
        }
        return false;
    }

    private static Refused unsupported(String message) {
        return new Refused(UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", message);
    }

    /** A patch this server will not apply. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;
        private final String reason;

        Refused(int code, String reason, String message) {
            super(message);
            this.code = code;
            this.reason = reason;
        }

        MockResponse response() {
            return ApiStatus.failure(code, reason, getMessage());
        }
    }
}
