package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders custom resources as a {@code meta.k8s.io/v1} Table from their CRD's additionalPrinterColumns, which is
 * what {@code kubectl get} asks for ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}).
 */
final class TableRenderer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<CustomResourceColumnDefinition> DEFAULT_COLUMNS = List.of(
            new CustomResourceColumnDefinitionBuilder().withName("Age").withType("date")
                    .withJsonPath(".metadata.creationTimestamp").build());

    /** What each row carries besides its cells, from the {@code includeObject} query parameter. */
    enum RowObject { NONE, METADATA, OBJECT;

        static RowObject of(String includeObject) {
            if ("None".equals(includeObject)) {
                return NONE;
            }
            return "Object".equals(includeObject) ? OBJECT : METADATA;
        }
    }

    private final List<CustomResourceColumnDefinition> columns;
    private final List<SimpleJsonPath> paths;
    private final Clock clock;

    TableRenderer(List<CustomResourceColumnDefinition> printerColumns, Clock clock) {
        this.columns = printerColumns == null || printerColumns.isEmpty() ? DEFAULT_COLUMNS : printerColumns;
        this.paths = columns.stream().map(c -> SimpleJsonPath.parse(c.getJsonPath())).toList();
        this.clock = clock;
    }

    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    ObjectNode table(List<JsonNode> objects, String resourceVersion, RowObject rowObject) {
        ObjectNode table = JSON.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        definitions.add(JSON.objectNode().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", "Name must be unique within a namespace.").put("priority", 0));
        for (CustomResourceColumnDefinition c : columns) {
            definitions.addObject().put("name", c.getName()).put("type", c.getType())
                    .put("format", c.getFormat() == null ? "" : c.getFormat())
                    .put("description", c.getDescription() != null ? c.getDescription()
                            : "Custom resource definition column (in JSONPath format): " + c.getJsonPath())
                    .put("priority", c.getPriority() == null ? 0 : c.getPriority());
        }
        ArrayNode rows = table.putArray("rows");
        objects.forEach(o -> rows.add(row(o, rowObject)));
        return table;
    }

    private ObjectNode row(JsonNode object, RowObject rowObject) {
        ObjectNode row = JSON.objectNode();
        ArrayNode cells = row.putArray("cells");
        cells.add(object.path("metadata").path("name").asText());
        for (int i = 0; i < columns.size(); i++) {
            cells.add(cell(columns.get(i).getType(), paths.get(i).evaluate(object)));
        }
        if (rowObject == RowObject.OBJECT) {
            row.set("object", object);
        } else if (rowObject == RowObject.METADATA) {
            row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1")
                    .set("metadata", object.path("metadata"));
        }
        return row;
    }

    private JsonNode cell(String type, List<JsonNode> values) {
        if (values.isEmpty()) {
            return JSON.nullNode();
        }
        JsonNode first = values.get(0);
        switch (type == null ? "string" : type) {
            case "integer":
                return first.canConvertToLong() ? JSON.numberNode(first.asLong()) : JSON.textNode(first.asText());
            case "number":
                return first.isNumber() ? JSON.numberNode(first.asDouble()) : JSON.textNode(first.asText());
            case "boolean":
                return first.isBoolean() ? first : JSON.textNode(first.asText());
            case "date":
                return JSON.textNode(age(first.asText()));
            default:
                return JSON.textNode(values.stream().map(v -> v.isValueNode() ? v.asText() : v.toString())
                        .collect(Collectors.joining(",")));
        }
    }

    private String age(String timestamp) {
        try {
            return HumanDuration.format(Duration.between(Instant.parse(timestamp), clock.instant()));
        } catch (DateTimeParseException e) {
            return timestamp;
        }
    }
}
