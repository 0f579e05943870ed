package dev.allotment.node.firewall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/** Merges closed intervals that overlap or touch, so an nft interval never conflicts with another. */
final class Spans {
    private Spans() {
    }

    static <T> List<T> merge(List<T> spans, ToLongFunction<T> first, ToLongFunction<T> last,
            BiFunction<Long, Long, T> make) {
        List<T> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(first).thenComparingLong(last));
        List<T> merged = new ArrayList<>();
        boolean open = false;
        long from = 0;
        long to = 0;
        for (T span : sorted) {
            if (open && first.applyAsLong(span) <= to + 1) {
                to = Math.max(to, last.applyAsLong(span));
                continue;
            }
            if (open) {
                merged.add(make.apply(from, to));
            }
            open = true;
            from = first.applyAsLong(span);
            to = last.applyAsLong(span);
        }
        if (open) {
            merged.add(make.apply(from, to));
        }
        return merged;
    }
}
