package dev.allotment.local;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A resource URL path split the way the API server splits it:
 * {@code /api/v1} or {@code /apis/GROUP/VERSION}, then {@code [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]}.
 * The core group is the empty string.
 */
record ResourcePath(String group, String version, String namespace, String resource, String name, String subresource) {

    static Optional<ResourcePath> parse(String path) {
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        int start;
        String group;
        if (parts.size() >= 3 && parts.get(0).equals("api")) {
            group = "";
            start = 2;
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            start = 3;
        } else {
            return Optional.empty();
        }
        String version = parts.get(start - 1);
        List<String> rest = parts.subList(start, parts.size());
        boolean scoped = rest.get(0).equals("namespaces") && rest.size() >= 3
                && !(rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize")));
        String namespace = scoped ? rest.get(1) : null;
        List<String> named = scoped ? rest.subList(2, rest.size()) : rest;
        if (named.size() > 3) {
            return Optional.empty();
        }
        return Optional.of(new ResourcePath(group, version, namespace, named.get(0),
                named.size() > 1 ? named.get(1) : null, named.size() > 2 ? named.get(2) : null));
    }

    boolean isCollection() {
        return name == null;
    }

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The name the API server gives this resource in messages, e.g. {@code containerreservations.allotment.dev}. */
    String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
