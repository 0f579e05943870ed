package dev.allotment.pool;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;

/** A subnet or IP that cannot be handed out; the kind says why and fixes the condition reason. */
public class SubnetPoolException extends ReservationException {

    public enum Kind {
        EXHAUSTED(Reason.PoolExhausted),
        ALREADY_ACQUIRED(Reason.Conflict),
        OVERLAPS(Reason.Conflict),
        OUTSIDE_STATIC_RANGES(Reason.Forbidden),
        OVERLAPS_DYNAMIC(Reason.Forbidden),
        EQUALS_GATEWAY(Reason.InvalidSpec),
        EQUALS_BROADCAST(Reason.InvalidSpec),
        EQUALS_NETWORK(Reason.InvalidSpec),
        INVALID(Reason.InvalidSpec);

        private final Reason reason;

        Kind(Reason reason) {
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final Kind kind;

    public SubnetPoolException(Kind kind, String message) {
        super(kind.reason(), message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
