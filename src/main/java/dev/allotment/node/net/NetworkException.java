package dev.allotment.node.net;

/** A network query or change failed. The message names the reservation or object and carries what ip printed. */
public class NetworkException extends RuntimeException {
    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
