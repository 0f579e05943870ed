package dev.allotment.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProbesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void healthzAnswersAtOnceAndReadyzOnlyOnceReady() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (Probes probes = new Probes("127.0.0.1", 0, ready::get)) {
            assertThat(status(probes.port(), "/healthz")).isEqualTo(200);
            assertThat(status(probes.port(), "/readyz")).isEqualTo(503);
            ready.set(true);
            assertThat(status(probes.port(), "/readyz")).isEqualTo(200);
        }
    }
}
