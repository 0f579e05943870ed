package dev.allotment.depot;

/** A depot operation that could not be carried out. */
public class DepotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DepotException(String message) {
        super(message);
    }

    public DepotException(String message, Throwable cause) {
        super(message, cause);
    }
}
