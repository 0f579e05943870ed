package dev.allotment.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Collects field errors while a spec is walked. */
final class FieldChecks {
    private static final Pattern DOT_DOT_SEGMENT = Pattern.compile("(^|/)\\.\\.(/|:|$)");

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> errors() {
        return errors;
    }

    void fail(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }

    boolean required(String field, Object value) {
        if (value == null) {
            fail(field, "is required");
            return false;
        }
        return true;
    }

    void matches(String field, String value, String regex, String expected) {
        if (value == null) {
            return;
        }
        if (value.indexOf('\0') >= 0) {
            fail(field, "must not contain a NUL character");
        } else if (!COMPILED.computeIfAbsent(regex, Pattern::compile).matcher(value).matches()) {
            fail(field, "must be " + expected + ", got " + quote(value));
        }
    }

    void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            fail(field, "must be at most " + max + " characters long, got " + value.length());
        }
    }

    void maxItems(String field, List<?> values, int max) {
        if (values != null && values.size() > max) {
            fail(field, "must have at most " + max + " items, got " + values.size());
        }
    }

    void between(String field, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            fail(field, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    void noDotDotSegment(String field, String path) {
        if (path != null && DOT_DOT_SEGMENT.matcher(path).find()) {
            fail(field, "must not contain a '..' segment, got " + quote(path));
        }
    }

    static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
