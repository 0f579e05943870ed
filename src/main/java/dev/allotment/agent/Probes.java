package dev.allotment.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /healthz} (the process serves) and {@code /readyz} (restored and the informer synced) over plain HTTP. */
final class Probes implements AutoCloseable {
    private final HttpServer server;

    Probes(String host, int port, BooleanSupplier ready) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for probes on " + host + ":" + port, e);
        }
        server.createContext("/healthz", exchange -> answer(exchange, true));
        server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, boolean ok) throws IOException {
        byte[] body = (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
