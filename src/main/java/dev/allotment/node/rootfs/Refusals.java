package dev.allotment.node.rootfs;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;

/** The two ways a spec is refused, in one place so every message reads the same. */
final class Refusals {
    private Refusals() {
    }

    static ReservationException invalid(String message) {
        return new ReservationException(Reason.InvalidSpec, message);
    }

    static ReservationException forbidden(String message) {
        return new ReservationException(Reason.Forbidden, message);
    }

    static ReservationException failed(String message, Throwable cause) {
        return new ReservationException(Reason.AcquireFailed, message, cause);
    }
}
