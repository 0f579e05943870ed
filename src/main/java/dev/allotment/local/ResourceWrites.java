package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * POST, PUT, PATCH and DELETE on resources, one at a time so that a patch reads and updates the same version.
 * Patches are applied here and stored as updates: the store's own PATCH appends to lists on merge patches and
 * leaves {@code status: null} on objects without status. Dry runs store nothing.
 */
final class ResourceWrites {
    private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

    private final CrudDispatcher store;
    private final CrdEstablisher establisher;

    ResourceWrites(CrudDispatcher store, Clock clock) {
        this.store = store;
        this.establisher = new CrdEstablisher(clock);
    }

    /** The store sees writes without their query ({@code ?fieldManager=...}): it tells a status write by the path. */
    synchronized MockResponse write(RecordedRequest request, ResourcePath path) {
        boolean dryRun = isDryRun(request);
        if (request.method() == HttpMethod.DELETE) {
            return dryRun ? store.handleGet(request.getPath()) : store.dispatch(request);
        }
        if (String.valueOf(request.getHeader("Content-Type")).startsWith(PROTOBUF)) {
            return ApiStatus.failure(415, "UnsupportedMediaType", "the embedded API server reads JSON only;"
                    + " for kubectl, use create -f or apply -f with a manifest");
        }
        RecordedRequest withoutQuery = new RecordedRequest(request.getHttpVersion(), request.method(),
                RequestTarget.parse(request.getPath()).path(), request.getHeaders(), request.getBody());
        try {
            if (dryRun) {
                return dryRun(withoutQuery, path);
            }
            return switch (request.method()) {
                case POST -> create(withoutQuery, path);
                case PUT -> update(withoutQuery);
                case PATCH -> patch(withoutQuery, path).map(this::update).orElseGet(ResourceWrites::missing);
                default -> store.dispatch(withoutQuery);
            };
        } catch (PatchTypes.Refused refused) {
            return refused.response();
        }
    }

    /** {@code ?dryRun=All} (kubectl diff, --dry-run=server): answers with the object the write would store. */
    private MockResponse dryRun(RecordedRequest request, ResourcePath path) throws PatchTypes.Refused {
        return switch (request.method()) {
            case PATCH -> patch(request, path).map(r -> new MockResponse().setResponseCode(200)
                    .setBody(r.getBody().getBytes())).orElseGet(ResourceWrites::missing);
            case POST -> new MockResponse().setResponseCode(201).setBody(request.getBody().getBytes());
            default -> new MockResponse().setResponseCode(200).setBody(request.getBody().getBytes());
        };
    }

    /** Answers with the stored object, which has the UID {@link CrudStore} gave it. */
    private MockResponse create(RecordedRequest request, ResourcePath path) {
        MockResponse created = store.dispatch(isCrd(path) ? establisher.establish(request) : request);
        if (created.code() != 201) {
            return created;
        }
        String name = Responses.object(created).path("metadata").path("name").asText();
        MockResponse stored = store.handleGet(request.getPath() + "/" + name);
        return stored.code() == 200 ? stored.setResponseCode(201) : created;
    }

    /** Like the API server, answers an update that completed a deletion with the object, where the store sends none. */
    private MockResponse update(RecordedRequest request) {
        byte[] object = request.getBody().getBytes();
        MockResponse response = store.handleUpdate(request);
        if (response.code() == 200 && Responses.hasNoBody(response)) {
            response.setBody(object);
        }
        return response;
    }

    /** The update a patch amounts to, or empty when there is nothing to patch. */
    private Optional<RecordedRequest> patch(RecordedRequest request, ResourcePath path) throws PatchTypes.Refused {
        MockResponse current = store.handleGet(request.getPath());
        if (current.code() != 200) {
            return Optional.empty();
        }
        JsonNode patched = PatchTypes.apply(request, Responses.object(current), isCustomResource(path));
        return Optional.of(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, request.getPath(),
                Headers.builder().add("Content-Type", Responses.JSON).build(),
                new Buffer(patched.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /** Asked for as a query parameter, or for a DELETE in its DeleteOptions body. */
    private static boolean isDryRun(RecordedRequest request) {
        if (RequestTarget.parse(request.getPath()).param("dryRun").isPresent()) {
            return true;
        }
        if (request.method() != HttpMethod.DELETE || Responses.hasNoBody(request.getBody())) {
            return false;
        }
        try {
            return !Json.read(request.getBody().getBytes()).path("dryRun").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The dispatcher turns this into a NotFound Status naming the object. */
    private static MockResponse missing() {
        return new MockResponse().setResponseCode(404);
    }

    /** Any group but core and apiextensions; the dispatcher only lets through those whose CRD is installed. */
    private static boolean isCustomResource(ResourcePath path) {
        return !path.group().isEmpty() && !path.group().equals(BuiltInResources.CRD_GROUP);
    }

    private static boolean isCrd(ResourcePath path) {
        return path.group().equals(BuiltInResources.CRD_GROUP) && path.resource().equals("customresourcedefinitions");
    }
}
