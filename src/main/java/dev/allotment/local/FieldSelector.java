package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A parsed {@code fieldSelector}: comma-separated {@code field=value}, {@code field==value} or
 * {@code field!=value}. Fields are dotted paths into the object; a missing field reads as the empty string.
 */
final class FieldSelector {
    /** The fields the CRUD store filters on by itself; it ignores every other field and then matches nothing. */
    private static final List<String> STORE_FIELDS = List.of("metadata.name", "metadata.namespace");

    record Requirement(String field, boolean equal, String value) {
        boolean matches(JsonNode object) {
            JsonNode node = object;
            for (String step : field.split("\\.")) {
                node = node.path(step);
            }
            String actual = node.isValueNode() ? node.asText() : "";
            return equal == actual.equals(value);
        }

        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + value;
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        if (selector != null) {
            for (String term : selector.split(",")) {
                String t = term.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int notEqual = t.indexOf("!=");
                if (notEqual > 0) {
                    requirements.add(new Requirement(t.substring(0, notEqual), false, t.substring(notEqual + 2)));
                    continue;
                }
                int equal = t.indexOf('=');
                if (equal <= 0) {
                    throw new IllegalArgumentException("invalid field selector term: " + t);
                }
                String value = t.startsWith("=", equal + 1) ? t.substring(equal + 2) : t.substring(equal + 1);
                requirements.add(new Requirement(t.substring(0, equal), true, value));
            }
        }
        return new FieldSelector(requirements);
    }

    /** The part the CRUD store understands. */
    FieldSelector storeHandled() {
        return select(r -> STORE_FIELDS.contains(r.field()));
    }

    /** The part this server has to apply itself. */
    FieldSelector storeIgnored() {
        return select(r -> !STORE_FIELDS.contains(r.field()));
    }

    boolean isEmpty() {
        return requirements.isEmpty();
    }

    boolean matches(JsonNode object) {
        return requirements.stream().allMatch(r -> r.matches(object));
    }

    private FieldSelector select(Predicate<Requirement> which) {
        return new FieldSelector(requirements.stream().filter(which).toList());
    }

    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }
}
