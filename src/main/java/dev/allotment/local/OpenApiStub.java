package dev.allotment.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough OpenAPI v3 for kubectl to write: an index of group/versions, and for each a PATCH operation per kind
 * that declares the {@code fieldValidation} parameter. kubectl then leaves validation to the server instead of
 * failing to download schemas; this server validates nothing. No schemas are published, so strategic merge
 * patches come from kubectl's built-in types and custom resources get merge patches.
 */
final class OpenApiStub {
    private static final String PREFIX = "/openapi/v3";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Discovery discovery;

    OpenApiStub(Discovery discovery) {
        this.discovery = discovery;
    }

    Optional<String> document(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, List<APIResource>> served = discovery.resourcesByGroupVersion();
        String rest = path.substring(PREFIX.length()).replaceAll("^/+|/+$", "");
        if (rest.isEmpty()) {
            ObjectNode index = JSON.objectNode();
            ObjectNode paths = index.putObject("paths");
            served.keySet().forEach(gv -> paths.putObject(urlPath(gv)).put("serverRelativeURL", PREFIX + "/" + urlPath(gv)));
            return Optional.of(index.toString());
        }
        return served.entrySet().stream().filter(e -> urlPath(e.getKey()).equals(rest)).findFirst()
                .map(e -> groupVersionDocument(e.getKey(), e.getValue()));
    }

    private static String groupVersionDocument(String groupVersion, List<APIResource> resources) {
        ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v" + ServerVersion.MAJOR + "." + ServerVersion.MINOR);
        ObjectNode paths = doc.putObject("paths");
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        String version = groupVersion.substring(slash + 1);
        for (APIResource resource : resources) {
            if (resource.getName().contains("/")) {
                continue;
            }
            String scope = Boolean.TRUE.equals(resource.getNamespaced()) ? "/namespaces/{namespace}" : "";
            ObjectNode patch = paths.putObject("/" + urlPath(groupVersion) + scope + "/" + resource.getName() + "/{name}")
                    .putObject("patch");
            patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version)
                    .put("kind", resource.getKind());
            patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
                    .putObject("schema").put("type", "string");
        }
        return doc.toString();
    }

    private static String urlPath(String groupVersion) {
        return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
    }
}
