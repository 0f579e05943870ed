package dev.allotment.depot;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** An immutable snapshot of the depot's records, ordered by container ID. */
final class DepotIndex {
    static final DepotIndex EMPTY = new DepotIndex(new TreeMap<>());

    private final TreeMap<String, DepotRecord> byId;

    private DepotIndex(TreeMap<String, DepotRecord> byId) {
        this.byId = byId;
    }

    static DepotIndex of(Collection<DepotRecord> records) {
        TreeMap<String, DepotRecord> map = new TreeMap<>();
        records.forEach(r -> map.put(r.containerId(), r));
        return new DepotIndex(map);
    }

    DepotIndex with(DepotRecord record) {
        TreeMap<String, DepotRecord> map = new TreeMap<>(byId);
        map.put(record.containerId(), record);
        return new DepotIndex(map);
    }

    DepotIndex without(String containerId) {
        if (!byId.containsKey(containerId)) {
            return this;
        }
        TreeMap<String, DepotRecord> map = new TreeMap<>(byId);
        map.remove(containerId);
        return new DepotIndex(map);
    }

    Optional<DepotRecord> byContainerId(String containerId) {
        return Optional.ofNullable(byId.get(containerId));
    }

    Optional<DepotRecord> byUid(String uid) {
        return find(uid, DepotRecord::ownerUid);
    }

    Optional<DepotRecord> byHandle(String handle) {
        return find(handle, DepotRecord::handle);
    }

    List<DepotRecord> records() {
        return List.copyOf(byId.values());
    }

    private Optional<DepotRecord> find(String value, Function<DepotRecord, String> key) {
        if (value == null) {
            return Optional.empty();
        }
        return byId.values().stream().filter(r -> Objects.equals(value, key.apply(r))).findFirst();
    }
}
