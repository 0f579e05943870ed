package dev.allotment.depot;

import java.util.regex.Pattern;

/** The depot keys entries by container ID; only valid IDs may become a path segment. */
final class ContainerIds {
    private static final Pattern VALID = Pattern.compile("[0-9a-v]{11}");

    private ContainerIds() {
    }

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    static String requireValid(String id) {
        if (!isValid(id)) {
            throw new DepotException("invalid container ID " + quote(id) + ": expected 11 characters of [0-9a-v]");
        }
        return id;
    }

    private static String quote(String id) {
        return id == null ? "null" : "'" + id + "'";
    }
}
