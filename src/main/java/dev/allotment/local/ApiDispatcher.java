package dev.allotment.local;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's front door: answers {@code /version}, health, discovery and OpenAPI itself, refuses resources
 * nothing serves, and hands resource requests to {@link ResourceReads} and {@link ResourceWrites}, which sit in
 * front of fabric8's CRUD store. Errors come back as {@code Status} bodies.
 */
final class ApiDispatcher extends Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);

    private final StoredCrds crds;
    private final Discovery discovery;
    private final OpenApiStub openApi;
    private final ResourceReads reads;
    private final ResourceWrites writes;

    ApiDispatcher(CrudStore store, Clock clock) {
        this.crds = new StoredCrds(store);
        this.discovery = new Discovery(crds);
        this.openApi = new OpenApiStub(discovery);
        this.reads = new ResourceReads(store, crds, discovery, clock);
        this.writes = new ResourceWrites(store, clock);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response;
        try {
            response = route(request, RequestTarget.parse(request.getPath()));
        } catch (IllegalArgumentException e) {
            response = ApiStatus.failure(400, "BadRequest", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("request-failed method={} path={}", request.getMethod(), request.getPath(), e);
            response = ApiStatus.failure(500, "InternalError", String.valueOf(e.getMessage()));
        }
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", Responses.JSON);
        }
        LOG.debug("request method={} path={} code={}", request.getMethod(), request.getPath(), response.code());
        return response;
    }

    private MockResponse route(RecordedRequest request, RequestTarget target) {
        if (request.method() == HttpMethod.GET) {
            Optional<MockResponse> answer = nonResource(target.path());
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        Optional<ResourcePath> parsed = ResourcePath.parse(target.path());
        if (parsed.isEmpty() || !served(parsed.get())) {
            return ApiStatus.noSuchResource();
        }
        ResourcePath path = parsed.get();
        MockResponse response = request.method() == HttpMethod.GET
                ? reads.read(request, target, path) : writes.write(request, path);
        if (response.code() == 404 && !path.isCollection() && Responses.hasNoBody(response)) {
            return ApiStatus.notFound(path);
        }
        return response;
    }

    private Optional<MockResponse> nonResource(String path) {
        if (path.equals("/version") || path.equals("/version/")) {
            return Optional.of(Responses.ok(ServerVersion.document()));
        }
        if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
            return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                    .setBody("ok"));
        }
        if (path.equals("/") || path.isEmpty()) {
            return Optional.of(Responses.ok("{\"paths\":[\"/api\",\"/api/v1\",\"/apis\",\"/healthz\",\"/version\"]}"));
        }
        return discovery.document(path).or(() -> openApi.document(path)).map(Responses::ok);
    }

    /** Built-in kinds are all stored; a custom resource only while its CRD is installed. */
    private boolean served(ResourcePath path) {
        return path.group().isEmpty() || path.group().equals(BuiltInResources.CRD_GROUP)
                || crds.find(path.group(), path.resource()).isPresent();
    }
}
