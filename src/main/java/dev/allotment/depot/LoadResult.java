package dev.allotment.depot;

import java.util.List;

/** What a depot scan found: readable records and the entries that need releasing, both sorted by container ID. */
public record LoadResult(List<DepotRecord> records, List<BrokenEntry> broken) {
    public LoadResult {
        records = List.copyOf(records);
        broken = List.copyOf(broken);
    }
}
