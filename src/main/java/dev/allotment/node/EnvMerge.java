package dev.allotment.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges a reservation's env over its image's: a key the reservation sets wins, others keep the image's value. */
final class EnvMerge {
    private EnvMerge() {
    }

    static List<String> over(List<String> image, List<String> reservation) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : image) {
            merged.put(key(entry), entry);
        }
        for (String entry : reservation) {
            merged.put(key(entry), entry);
        }
        return new ArrayList<>(merged.values());
    }

    private static String key(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? entry : entry.substring(0, equals);
    }
}
