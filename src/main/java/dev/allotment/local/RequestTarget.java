package dev.allotment.local;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A request's path and its decoded query parameters (one value per name, as the API server reads them). */
record RequestTarget(String path, Map<String, String> query) {

    static RequestTarget parse(String uri) {
        int mark = uri.indexOf('?');
        if (mark < 0) {
            return new RequestTarget(uri, Map.of());
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.substring(mark + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return new RequestTarget(uri.substring(0, mark), Collections.unmodifiableMap(query));
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name));
    }

    boolean isWatch() {
        String watch = query.get("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    RequestTarget withParam(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(query);
        if (value == null || value.isEmpty()) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new RequestTarget(path, Collections.unmodifiableMap(changed));
    }

    String toUri() {
        if (query.isEmpty()) {
            return path;
        }
        return path + "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
