package dev.allotment.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;

/** Building and reading the JSON responses the store and this server exchange. */
final class Responses {
    static final String JSON = "application/json";

    private Responses() {
    }

    static MockResponse ok(String json) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", JSON).setBody(json);
    }

    static boolean hasNoBody(MockResponse response) {
        return hasNoBody(response.getBody());
    }

    static boolean hasNoBody(Buffer body) {
        return body == null || body.size() == 0;
    }

    static ObjectNode object(MockResponse response) {
        try {
            return Json.readObject(response.getBody().getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("the store answered with unreadable JSON", e);
        }
    }
}
