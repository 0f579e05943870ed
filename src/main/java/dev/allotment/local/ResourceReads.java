package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GET, list and watch on resources. Adds to the store's answers: field selectors on any field, Tables for custom
 * resources, list kinds named after the resource, and watches that start after the resourceVersion asked for.
 */
final class ResourceReads {
    private final CrudDispatcher store;
    private final StoredCrds crds;
    private final Discovery discovery;
    private final Clock clock;

    ResourceReads(CrudDispatcher store, StoredCrds crds, Discovery discovery, Clock clock) {
        this.store = store;
        this.crds = crds;
        this.discovery = discovery;
        this.clock = clock;
    }

    MockResponse read(RecordedRequest request, RequestTarget target, ResourcePath path) {
        if (!path.isCollection()) {
            return get(request, target, path);
        }
        return target.isWatch() ? watch(request, target, path) : list(request, target, path);
    }

    private MockResponse get(RecordedRequest request, RequestTarget target, ResourcePath path) {
        MockResponse response = store.handleGet(request.getPath());
        Optional<TableRenderer> renderer = path.subresource() == null ? tableRenderer(request, path) : Optional.empty();
        if (response.code() != 200 || renderer.isEmpty()) {
            return response;
        }
        ObjectNode object = Responses.object(response);
        String resourceVersion = object.path("metadata").path("resourceVersion").asText(null);
        return Responses.ok(renderer.get().table(List.of(object), resourceVersion, rowObject(target)).toString());
    }

    private MockResponse list(RecordedRequest request, RequestTarget target, ResourcePath path) {
        FieldSelector selector = FieldSelector.parse(target.param("fieldSelector").orElse(null));
        MockResponse response = store.handleGet(forStore(target, selector).toUri());
        if (response.code() != 200) {
            return response;
        }
        ObjectNode list = Responses.object(response);
        List<JsonNode> items = new ArrayList<>();
        list.path("items").forEach(item -> {
            if (selector.storeIgnored().matches(item)) {
                items.add(item);
            }
        });
        String resourceVersion = list.path("metadata").path("resourceVersion").asText(null);
        Optional<TableRenderer> renderer = tableRenderer(request, path);
        if (renderer.isPresent()) {
            return Responses.ok(renderer.get().table(items, resourceVersion, rowObject(target)).toString());
        }
        ArrayNode kept = list.putArray("items");
        items.forEach(kept::add);
        discovery.kind(path.group(), path.version(), path.resource()).ifPresent(kind -> {
            list.put("kind", kind + "List");
            list.put("apiVersion", path.groupVersion());
        });
        return Responses.ok(list.toString());
    }

    private MockResponse watch(RecordedRequest request, RequestTarget target, ResourcePath path) {
        FieldSelector selector = FieldSelector.parse(target.param("fieldSelector").orElse(null));
        MockResponse response = store.handleGet(forStore(target, selector).toUri());
        if (response.getWebSocketListener() == null) {
            return response;
        }
        WatchFilter filter = WatchFilter.none();
        if (!selector.storeIgnored().isEmpty()) {
            filter = filter.then(new FieldSelectorWatchFilter(selector.storeIgnored()));
        }
        Optional<Long> since = target.param("resourceVersion").flatMap(ResourceReads::positiveLong);
        if (since.isPresent()) {
            filter = filter.then(WatchFilter.changesAfter(since.get()));
        }
        Optional<TableRenderer> renderer = tableRenderer(request, path);
        if (renderer.isPresent()) {
            filter = filter.then(WatchFilter.asTable(renderer.get(), rowObject(target)));
        }
        return response.withWebSocketUpgrade(new FilteredWatchListener(response.getWebSocketListener(), filter));
    }

    /** Tables for custom resources only; kubectl prints built-in kinds' plain lists with NAME and AGE. */
    private Optional<TableRenderer> tableRenderer(RecordedRequest request, ResourcePath path) {
        if (!TableRenderer.wanted(request.getHeader("Accept"))) {
            return Optional.empty();
        }
        return crds.findVersion(path.group(), path.version(), path.resource())
                .map(CustomResourceDefinitionVersion::getAdditionalPrinterColumns)
                .map(columns -> new TableRenderer(columns, clock));
    }

    /** The store applies the selector terms it understands and matches nothing for the others. */
    private static RequestTarget forStore(RequestTarget target, FieldSelector selector) {
        return target.withParam("fieldSelector", selector.storeHandled().toString());
    }

    private static TableRenderer.RowObject rowObject(RequestTarget target) {
        return TableRenderer.RowObject.of(target.param("includeObject").orElse(null));
    }

    private static Optional<Long> positiveLong(String value) {
        try {
            long parsed = Long.parseLong(value);
            return parsed > 0 ? Optional.of(parsed) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
