package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What plain HTTP clients such as kubectl see: discovery documents, Tables, streamed watches, error bodies. */
class ApiHttpTest {
    private static final String CRES = "/apis/allotment.dev/v1alpha1/namespaces/default/containerreservations";
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private static EmbeddedApiServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body,
            String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.read(response.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void create(String name, String node) throws IOException, InterruptedException {
        String body = "{'apiVersion':'allotment.dev/v1alpha1','kind':'ContainerReservation','metadata':{'name':'"
                + name + "'},'spec':{'nodeName':'" + node + "'}}";
        assertThat(send("POST", CRES, "application/json", body.replace('\'', '"'), "application/json")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void servesVersionAndDiscoveryAsPlainJsonWhateverTheAcceptHeader() throws Exception {
        String aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

        HttpResponse<String> apis = send("GET", "/apis", null, null, aggregated);
        HttpResponse<String> api = send("GET", "/api", null, null, aggregated);

        assertThat(apis.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(apis).path("kind").asText()).isEqualTo("APIGroupList");
        assertThat(json(apis).path("groups").findValuesAsText("name")).contains("allotment.dev");
        assertThat(json(api).path("versions").toString()).isEqualTo("[\"v1\"]");
        assertThat(json(send("GET", "/apis/allotment.dev", null, null, "application/json"))
                .path("preferredVersion").path("version").asText()).isEqualTo("v1alpha1");
        assertThat(json(send("GET", "/version", null, null, "application/json")).path("major").asText())
                .isEqualTo("1");
        assertThat(json(send("GET", "/openapi/v3", null, null, "application/json")).path("paths")
                .has("apis/allotment.dev/v1alpha1")).isTrue();
    }

    @Test
    void answersTablesWithThePrinterColumnsWhenAsked() throws Exception {
        create("table-a", "node-t");

        JsonNode table = json(send("GET", CRES + "?fieldSelector=spec.nodeName%3Dnode-t", null, null, TABLE));
        JsonNode single = json(send("GET", CRES + "/table-a", null, null, TABLE));
        JsonNode plain = json(send("GET", CRES, null, null, "application/json"));

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Node", "Phase", "IP", "Ports", "Age", "Container-ID", "Subnet");
        assertThat(table.path("rows")).hasSize(1);
        assertThat(table.path("rows").get(0).path("cells").get(1).asText()).isEqualTo("node-t");
        assertThat(single.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("table-a");
        assertThat(plain.path("kind").asText()).isEqualTo("ContainerReservationList");
        assertThat(plain.path("apiVersion").asText()).isEqualTo("allotment.dev/v1alpha1");
    }

    @Test
    void streamsWatchEventsOverPlainHttpFromTheGivenResourceVersion() throws Exception {
        create("stream-old", "node-s");
        String version = json(send("GET", CRES, null, null, "application/json"))
                .path("metadata").path("resourceVersion").asText();
        HttpRequest watch = HttpRequest.newBuilder(URI.create(server.url() + CRES
                + "?watch=true&resourceVersion=" + version + "&fieldSelector=spec.nodeName%3Dnode-s")).build();
        HttpResponse<InputStream> stream = HTTP.send(watch, HttpResponse.BodyHandlers.ofInputStream());
        List<String> events = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readEvents(stream.body(), events));
        reader.start();
        try {
            create("stream-other-node", "node-other");
            create("stream-new", "node-s");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(events).containsExactly("ADDED stream-new"));
            assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/json");
        } finally {
            stream.body().close();
            reader.interrupt();
        }
    }

    @Test
    void answersErrorsWithStatusBodies() throws Exception {
        HttpResponse<String> missing = send("GET", CRES + "/nope", null, null, "application/json");
        HttpResponse<String> unknownGroup = send("GET", "/apis/example.com/v1/widgets", null, null, "application/json");
        create("smp", "node-a");
        HttpResponse<String> strategic = send("PATCH", CRES + "/smp", "application/strategic-merge-patch+json",
                "{}", "application/json");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("message").asText())
                .isEqualTo("containerreservations.allotment.dev \"nope\" not found");
        assertThat(json(missing).path("reason").asText()).isEqualTo("NotFound");
        assertThat(unknownGroup.statusCode()).isEqualTo(404);
        assertThat(strategic.statusCode()).isEqualTo(415);
        assertThat(json(strategic).path("kind").asText()).isEqualTo("Status");
    }

    private static void readEvents(InputStream body, List<String> events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = Json.read(line.getBytes(StandardCharsets.UTF_8));
                events.add(event.path("type").asText() + " "
                        + event.path("object").path("metadata").path("name").asText());
            }
        } catch (IOException e) {
            // the test closed the stream
        }
    }
}
