package dev.allotment.local;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a watch as the API server does for clients that do not upgrade to a WebSocket (kubectl, client-go): one
 * chunked HTTP response with one JSON event per line. The store's watch listener writes to it as to a socket.
 */
final class StreamingWatch implements WebSocket {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingWatch.class);
    private static final int NORMAL_CLOSURE = 1000;

    private final Vertx vertx;
    private final Context context;
    private final RecordedRequest request;
    private final HttpServerResponse response;
    private final WebSocketListener listener;
    private final Set<StreamingWatch> open;
    private final AtomicBoolean ended = new AtomicBoolean();

    private StreamingWatch(Vertx vertx, RecordedRequest request, HttpServerResponse response,
            WebSocketListener listener, Set<StreamingWatch> open) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.request = request;
        this.response = response;
        this.listener = listener;
        this.open = open;
    }

    /** Starts streaming the store's answer to a watch request; ends it after {@code timeoutSeconds} if given. */
    static void serve(Vertx vertx, RecordedRequest request, MockResponse answer, HttpServerResponse response,
            Set<StreamingWatch> open) {
        StreamingWatch watch = new StreamingWatch(vertx, request, response, answer.getWebSocketListener(), open);
        open.add(watch);
        response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json");
        response.closeHandler(v -> watch.clientGone());
        response.writeHead();
        RequestTarget.parse(request.getPath()).param("timeoutSeconds").filter(s -> s.matches("\\d{1,9}"))
                .map(Long::parseLong).filter(s -> s > 0)
                .ifPresent(seconds -> vertx.setTimer(seconds * 1000, id -> watch.close(NORMAL_CLOSURE, "timeout")));
        watch.listener.onOpen(watch, answer);
        LOG.debug("watch-opened path={}", request.getPath());
    }

    @Override
    public RecordedRequest request() {
        return request;
    }

    @Override
    public boolean send(String text) {
        if (ended.get()) {
            return false;
        }
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.write(text + "\n");
            }
        });
        return true;
    }

    @Override
    public boolean send(byte[] bytes) {
        return send(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Ends the response; the store's listener calls this when it closes the watch, and so does the timeout. */
    @Override
    public boolean close(int code, String reason) {
        endResponse();
        unregister(false);
        return true;
    }

    /** Ends the watch and unregisters it from the store before returning; for server shutdown. */
    void closeNow() {
        endResponse();
        unregister(true);
    }

    private void clientGone() {
        ended.set(true);
        unregister(false);
    }

    private void endResponse() {
        if (ended.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }
    }

    /** The store's listener waits for its sender thread to finish, so it is closed off the event loop. */
    private void unregister(boolean synchronously) {
        if (!open.remove(this)) {
            return;
        }
        if (synchronously) {
            listener.onClosed(this, NORMAL_CLOSURE, "server stopping");
        } else {
            vertx.executeBlocking(() -> {
                listener.onClosed(this, NORMAL_CLOSURE, "closed");
                return null;
            }, false);
        }
        LOG.debug("watch-closed path={}", request.getPath());
    }
}
