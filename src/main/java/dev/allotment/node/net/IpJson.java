package dev.allotment.node.net;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the JSON that {@code ip -j} prints. A batch prints one array per command, one after the other. */
final class IpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private IpJson() {
    }

    /** The arrays of a run, in order; blank output counts as none. */
    static List<JsonNode> arrays(String json) {
        List<JsonNode> arrays = new ArrayList<>();
        if (json.isBlank()) {
            return arrays;
        }
        // Read value by value: a reader's readValues would unwrap a root-level array into its elements.
        try (JsonParser parser = MAPPER.createParser(json)) {
            while (parser.nextToken() != null) {
                arrays.add(MAPPER.readTree(parser));
            }
        } catch (IOException e) {
            throw new NetworkException("ip printed JSON that cannot be read: " + e.getMessage(), e);
        }
        return arrays;
    }

    /** Output of {@code ip -j link show} or {@code ip -j addr show}. */
    static Links links(JsonNode array) {
        Map<String, Link> links = new HashMap<>();
        for (JsonNode node : elements(array)) {
            String name = node.path("ifname").asText();
            if (!name.isEmpty()) {
                links.put(name, link(name, node));
            }
        }
        return new Links(links);
    }

    /** Output of {@code ip -j route show}. */
    static List<Route> routes(JsonNode array) {
        List<Route> routes = new ArrayList<>();
        for (JsonNode node : elements(array)) {
            routes.add(new Route(node.path("dst").asText(), textOrNull(node.get("gateway")),
                    textOrNull(node.get("dev"))));
        }
        return routes;
    }

    private static Link link(String name, JsonNode node) {
        boolean up = false;
        for (JsonNode flag : node.path("flags")) {
            up |= "UP".equals(flag.asText());
        }
        Set<String> addresses = new HashSet<>();
        for (JsonNode address : node.path("addr_info")) {
            if ("inet".equals(address.path("family").asText())) {
                addresses.add(address.path("local").asText() + "/" + address.path("prefixlen").asInt());
            }
        }
        return new Link(name, up, node.path("mtu").asInt(), textOrNull(node.get("master")), Set.copyOf(addresses));
    }

    private static Iterable<JsonNode> elements(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new NetworkException("ip printed " + (array == null ? "nothing" : array.getNodeType())
                    + " where a JSON array was expected");
        }
        return array;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
