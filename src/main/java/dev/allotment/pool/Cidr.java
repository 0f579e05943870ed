package dev.allotment.pool;

/** An IPv4 network: a network address with its host bits zero, and a prefix length 0-32. */
public final class Cidr implements Comparable<Cidr> {
    private final int network;
    private final int prefix;

    private Cidr(int network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses {@code A.B.C.D/N}; host bits must be zero (use {@link #containing} to take the network of a host). */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new InvalidAddressException("CIDR is missing");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidAddressException("\"" + text + "\" is not a CIDR: expected A.B.C.D/N");
        }
        int address = Ipv4.parse(text.substring(0, slash));
        int prefix = parsePrefix(text.substring(slash + 1));
        Cidr cidr = containing(address, prefix);
        if (cidr.network != address) {
            throw new InvalidAddressException("\"" + text + "\" is not a CIDR: host bits are set (the network is " + cidr + ")");
        }
        return cidr;
    }

    /** Parses a prefix length 0-32 written in decimal without sign or leading zero. */
    public static int parsePrefix(String text) {
        int prefix = text == null ? -1 : Ipv4.parseDecimal(text, 2);
        if (prefix < 0 || prefix > 32) {
            throw new InvalidAddressException("prefix \"" + text + "\" is not a decimal number 0-32");
        }
        return prefix;
    }

    /** The network of the given prefix length that contains {@code address}. */
    public static Cidr containing(int address, int prefix) {
        if (prefix < 0 || prefix > 32) {
            throw new InvalidAddressException("prefix " + prefix + " is outside 0-32");
        }
        return new Cidr(address & mask(prefix), prefix);
    }

    public int network() {
        return network;
    }

    public int prefix() {
        return prefix;
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    /** network + 1, the address the bridge carries. */
    public int gateway() {
        return network + 1;
    }

    public int broadcast() {
        return network | ~mask(prefix);
    }

    public int address(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " is outside " + this + " (size " + size() + ")");
        }
        return network + (int) index;
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.network);
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network) || other.contains(network);
    }

    @Override
    public int compareTo(Cidr other) {
        int byNetwork = Integer.compareUnsigned(network, other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefix, other.prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && network == other.network && prefix == other.prefix;
    }

    @Override
    public int hashCode() {
        return 31 * network + prefix;
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
