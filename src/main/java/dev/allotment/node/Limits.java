package dev.allotment.node;

import dev.allotment.api.ContainerReservationSpec;

/** Reads a spec's disk limit. A byteHard of 0 means no limit, as in garden. */
final class Limits {
    private Limits() {
    }

    static Long byteHard(ContainerReservationSpec spec) {
        if (spec.getLimits() == null || spec.getLimits().getDisk() == null) {
            return null;
        }
        Long byteHard = spec.getLimits().getDisk().getByteHard();
        return byteHard == null || byteHard == 0 ? null : byteHard;
    }
}
