package dev.allotment.node.firewall;

/** An nft transaction or query that failed. The message names what it was for and carries nft's stderr. */
public class FirewallException extends RuntimeException {
    public FirewallException(String message) {
        super(message);
    }

    public FirewallException(String message, Throwable cause) {
        super(message, cause);
    }
}
