package dev.allotment.local;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Kubernetes API server on 127.0.0.1: fabric8's mock server in CRUD mode (its
 * {@code KubernetesCrudDispatcher}) with the project's CRDs installed, a {@code default} namespace, and the
 * discovery, Table and watch-stream support that plain {@code kubectl} needs in front of it.
 *
 * <p>It runs the CRUD dispatcher on its own Vert.x listener rather than inside {@code KubernetesMockServer}, whose
 * listener answers a watch only with a WebSocket upgrade; kubectl and client-go watch over a streamed HTTP response.
 */
public final class EmbeddedApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedApiServer.class);
    private static final String HOST = "127.0.0.1";
    private static final long START_STOP_SECONDS = 10;
    private static final List<String> WEBSOCKET_SUBPROTOCOLS =
            List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

    private final Vertx vertx;
    private final HttpServer http;
    private final HttpFront front;

    private EmbeddedApiServer(Vertx vertx, HttpServer http, HttpFront front) {
        this.vertx = vertx;
        this.http = http;
        this.front = front;
    }

    /** Starts on a free port. */
    public static EmbeddedApiServer start() {
        return start(0);
    }

    /** Starts on the given port, or a free one if it is 0. */
    public static EmbeddedApiServer start(int port) {
        ApiDispatcher api = new ApiDispatcher(new CrudStore(), Clock.systemUTC());
        Vertx vertx = Vertx.vertx();
        HttpFront front = new HttpFront(vertx, api);
        HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port)
                .setHttp2ClearTextEnabled(false).setWebSocketSubProtocols(WEBSOCKET_SUBPROTOCOLS))
                .requestHandler(front);
        try {
            new CrdInstaller(api).install(CrdInstaller.PROJECT_CRDS);
            createDefaultNamespace(api);
            await(http.listen(), "listen on " + HOST + ":" + port);
        } catch (RuntimeException e) {
            await(vertx.close(), "stop");
            throw e;
        }
        EmbeddedApiServer server = new EmbeddedApiServer(vertx, http, front);
        LOG.info("api-server-started url={}", server.url());
        return server;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:36443}. */
    public String url() {
        return "http://" + HOST + ":" + port();
    }

    public int port() {
        return http.actualPort();
    }

    /** A fabric8 client configuration for this server, with the same identity {@link Kubeconfig} writes. */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withOauthToken(Kubeconfig.TOKEN)
                .withNamespace("default").build();
    }

    @Override
    public void close() {
        front.closeWatches();
        await(vertx.close(), "stop");
        LOG.info("api-server-stopped");
    }

    private static void createDefaultNamespace(ApiDispatcher api) {
        String body = Serialization.asJson(new NamespaceBuilder().withNewMetadata().withName("default")
                .endMetadata().build());
        api.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.POST, "/api/v1/namespaces",
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not " + what, e);
        }
    }
}
