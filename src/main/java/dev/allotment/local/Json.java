package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Reads request and store bodies as JSON trees. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode read(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    static ObjectNode readObject(byte[] body) throws IOException {
        JsonNode node = read(body);
        if (!node.isObject()) {
            throw new IOException("expected a JSON object");
        }
        return (ObjectNode) node;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
