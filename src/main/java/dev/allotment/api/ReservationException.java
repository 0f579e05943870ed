package dev.allotment.api;

/** A failure that becomes a Ready=False condition with this reason and a Warning event. */
public class ReservationException extends RuntimeException {
    private final Reason reason;

    public ReservationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ReservationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
