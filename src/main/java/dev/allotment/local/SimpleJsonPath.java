package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset printer columns use: {@code .a.b}, {@code .a[*].b} and {@code .a[2].b}, optionally wrapped
 * in braces. A path beyond that (filters, recursive descent) reaches no value, so its column shows {@code <none>}.
 */
final class SimpleJsonPath {
    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)(?:\\[(\\*|\\d+)])?");

    private record Step(String field, String index) {
    }

    /** Null for a path outside the subset. */
    private final List<Step> steps;

    private SimpleJsonPath(List<Step> steps) {
        this.steps = steps;
    }

    static SimpleJsonPath parse(String expression) {
        String path = expression.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1);
        }
        List<Step> steps = new ArrayList<>();
        for (String token : path.replaceFirst("^\\.", "").split("\\.")) {
            if (token.isEmpty()) {
                continue;
            }
            Matcher m = STEP.matcher(token);
            if (!m.matches()) {
                return new SimpleJsonPath(null);
            }
            steps.add(new Step(m.group(1), m.group(2)));
        }
        return new SimpleJsonPath(steps);
    }

    /** Every value the path reaches, in document order; missing fields give none. */
    List<JsonNode> evaluate(JsonNode root) {
        if (steps == null) {
            return List.of();
        }
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                JsonNode value = node.get(step.field());
                if (value == null || value.isNull()) {
                    continue;
                }
                if (step.index() == null) {
                    next.add(value);
                } else if (step.index().equals("*")) {
                    value.forEach(next::add);
                } else if (value.has(Integer.parseInt(step.index()))) {
                    next.add(value.get(Integer.parseInt(step.index())));
                }
            }
            current = next;
        }
        return current;
    }
}
