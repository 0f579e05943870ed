package dev.allotment.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes the store's watch events through a {@link WatchFilter} on their way to the client's socket or stream. */
final class FilteredWatchListener extends WebSocketListener {
    private static final Logger LOG = LoggerFactory.getLogger(FilteredWatchListener.class);

    private final WebSocketListener store;
    private final WatchFilter filter;
    private volatile FilteringSocket socket;

    FilteredWatchListener(WebSocketListener store, WatchFilter filter) {
        this.store = store;
        this.filter = filter;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        store.onBeforeAccept(wrap(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        store.onOpen(wrap(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        store.onMessage(wrap(webSocket), text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        store.onClosing(wrap(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        store.onClosed(wrap(webSocket), code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        store.onFailure(wrap(webSocket), error, response);
    }

    private synchronized WebSocket wrap(WebSocket client) {
        if (socket == null || socket.client != client) {
            socket = new FilteringSocket(client);
        }
        return socket;
    }

    private final class FilteringSocket implements WebSocket {
        private final WebSocket client;

        FilteringSocket(WebSocket client) {
            this.client = client;
        }

        @Override
        public RecordedRequest request() {
            return client.request();
        }

        @Override
        public boolean send(String text) {
            Optional<ObjectNode> event;
            try {
                event = filter.apply(Json.readObject(text.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                LOG.warn("watch-event-unreadable error=\"{}\"", e.getMessage());
                return client.send(text);
            }
            return event.map(e -> client.send(e.toString())).orElse(true);
        }

        @Override
        public boolean send(byte[] bytes) {
            return client.send(bytes);
        }

        @Override
        public boolean close(int code, String reason) {
            return client.close(code, reason);
        }
    }
}
