package dev.allotment.node;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.depot.Owner;

/** A reservation to make real: who owns it (namespace, name, UID, generation) and what it asks for. */
public record AcquireRequest(Owner owner, ContainerReservationSpec spec) {
    /** garden's handle: the spec's, else the reservation's name. */
    public String handle() {
        String handle = spec.getHandle();
        return handle == null || handle.isEmpty() ? owner.name() : handle;
    }
}
