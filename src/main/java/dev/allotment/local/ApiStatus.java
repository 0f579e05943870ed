package dev.allotment.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** {@code Status} error bodies, so that clients print the API server's usual messages. */
final class ApiStatus {
    private ApiStatus() {
    }

    static MockResponse failure(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setBody(body(code, reason, message).toString());
    }

    static MockResponse notFound(ResourcePath path) {
        ObjectNode body = body(404, "NotFound", path.qualifiedResource() + " \"" + path.name() + "\" not found");
        body.putObject("details").put("name", path.name()).put("group", path.group()).put("kind", path.resource());
        return new MockResponse().setResponseCode(404).setBody(body.toString());
    }

    static MockResponse noSuchResource() {
        return failure(404, "NotFound", "the server could not find the requested resource");
    }

    private static ObjectNode body(int code, String reason, String message) {
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    }
}
