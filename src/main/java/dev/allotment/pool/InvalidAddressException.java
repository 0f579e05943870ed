package dev.allotment.pool;

/** Text that is not a well-formed IPv4 address or CIDR. */
public class InvalidAddressException extends IllegalArgumentException {
    public InvalidAddressException(String message) {
        super(message);
    }
}
