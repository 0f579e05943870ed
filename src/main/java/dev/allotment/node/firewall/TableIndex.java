package dev.allotment.node.firewall;

import java.util.HashMap;
import java.util.Map;

/**
 * What the table holds per container, learnt from one listing and kept current by every transaction after it.
 * With it, apply drops the elements a reservation no longer has (an old NetIn host port) without listing the table,
 * so apply and remove cost the same however many reservations there are.
 */
final class TableIndex {
    private final boolean tablePresent;
    private final Map<String, Owned> owned;

    private TableIndex(boolean tablePresent, Map<String, Owned> owned) {
        this.tablePresent = tablePresent;
        this.owned = new HashMap<>(owned);
    }

    static TableIndex absent() {
        return new TableIndex(false, Map.of());
    }

    static TableIndex of(TableListing listing) {
        return new TableIndex(true, listing.ownedByContainer());
    }

    boolean tablePresent() {
        return tablePresent;
    }

    int size() {
        return owned.size();
    }

    Owned owned(String containerId) {
        return owned.getOrDefault(containerId, Owned.NOTHING);
    }

    void put(String containerId, Owned elements) {
        owned.put(containerId, elements);
    }

    void drop(String containerId) {
        owned.remove(containerId);
    }
}
