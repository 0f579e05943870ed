package dev.allotment.pool;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;

/** A host port that cannot be handed out. */
public class PortPoolException extends ReservationException {
    public PortPoolException(Reason reason, String message) {
        super(reason, message);
    }
}
