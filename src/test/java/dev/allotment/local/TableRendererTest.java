package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2025-01-01T01:00:00Z"), ZoneOffset.UTC);

    private static CustomResourceColumnDefinition column(String name, String type, String path, int priority) {
        return new CustomResourceColumnDefinitionBuilder().withName(name).withType(type).withJsonPath(path)
                .withPriority(priority).build();
    }

    private static JsonNode object(String json) throws IOException {
        return Json.read(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rendersCellsFromPrinterColumnsAfterTheName() throws IOException {
        TableRenderer renderer = new TableRenderer(List.of(
                column("Node", "string", ".spec.nodeName", 0),
                column("Ports", "string", ".status.netIn[*].hostPort", 0),
                column("Count", "integer", ".status.count", 0),
                column("Age", "date", ".metadata.creationTimestamp", 0),
                column("Subnet", "string", ".status.network.subnet", 1)), NOW);

        ObjectNode table = renderer.table(List.of(object("{'metadata':{'name':'a','creationTimestamp':"
                + "'2025-01-01T00:58:30Z'},'spec':{'nodeName':'n1'},'status':{'count':3,"
                + "'netIn':[{'hostPort':61001},{'hostPort':61002}]}}")), "7", TableRenderer.RowObject.METADATA);

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Node", "Ports", "Count", "Age", "Subnet");
        assertThat(table.path("columnDefinitions").get(5).path("priority").asInt()).isEqualTo(1);
        JsonNode row = table.path("rows").get(0);
        assertThat(row.path("cells").toString()).isEqualTo("[\"a\",\"n1\",\"61001,61002\",3,\"90s\",null]");
        assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("name").asText()).isEqualTo("a");
    }

    @Test
    void showsAgeAloneWhenTheCrdDeclaresNoColumns() throws IOException {
        ObjectNode table = new TableRenderer(List.of(), NOW).table(List.of(object(
                "{'metadata':{'name':'b','creationTimestamp':'2024-12-31T22:00:00Z'}}")), null,
                TableRenderer.RowObject.OBJECT);

        assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Age");
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"b\",\"3h\"]");
        assertThat(table.path("rows").get(0).path("object").path("metadata").path("name").asText()).isEqualTo("b");
    }
}
