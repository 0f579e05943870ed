package dev.allotment.local;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the server. Requests go to the dispatcher through mockwebserver's own handler (which also
 * upgrades fabric8's WebSocket watches), except watches asked for over plain HTTP, which mockwebserver cannot
 * stream and {@link StreamingWatch} serves.
 */
final class HttpFront implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final HttpServerRequestHandler plain;
    private final Set<StreamingWatch> watches = ConcurrentHashMap.newKeySet();

    HttpFront(Vertx vertx, Dispatcher dispatcher) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.plain = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return answer(request);
            }
        };
    }

    @Override
    public void handle(HttpServerRequest event) {
        if (!isStreamingWatch(event)) {
            plain.handle(event);
            return;
        }
        RecordedRequest request = new RecordedRequest(event.version().alpnName().toUpperCase(Locale.ROOT),
                HttpMethod.GET, event.uri(), Headers.builder().addAll(event.headers()).build(), new Buffer());
        MockResponse answer = answer(request);
        if (answer.getWebSocketListener() == null) {
            event.response().setStatusCode(answer.code());
            answer.getHeaders().toMultimap().forEach((name, values) -> event.response().headers().add(name, values));
            byte[] body = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes();
            event.response().end(io.vertx.core.buffer.Buffer.buffer(body));
            return;
        }
        StreamingWatch.serve(vertx, request, answer, event.response(), watches);
    }

    /** Ends every streaming watch; fabric8's WebSocket watches end when the server closes their connections. */
    void closeWatches() {
        watches.forEach(StreamingWatch::closeNow);
    }

    /** Every request gets an answer: one whose handling threw would otherwise leave its client waiting. */
    private MockResponse answer(RecordedRequest request) {
        try {
            return dispatcher.dispatch(request);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("request-failed method={} path={}", request.getMethod(), request.getPath(), e);
            return new MockResponse().setResponseCode(500).setHeader("Content-Type", "text/plain")
                    .setBody(String.valueOf(e));
        }
    }

    private static boolean isStreamingWatch(HttpServerRequest event) {
        return event.method() == io.vertx.core.http.HttpMethod.GET
                && RequestTarget.parse(event.uri()).isWatch()
                && !"websocket".equalsIgnoreCase(event.getHeader("Upgrade"));
    }
}
