package dev.allotment.node.firewall;

import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.util.Collection;
import java.util.List;

/** A closed range of IPv4 addresses, held as unsigned values so that comparisons are plain. */
record AddressRange(long first, long last) {
    private static final long MAX = 0xFFFF_FFFFL;

    AddressRange {
        if (first < 0 || last > MAX || first > last) {
            throw new IllegalArgumentException("address range " + first + "-" + last + " is not of IPv4 addresses");
        }
    }

    /**
     * Parses {@code A.B.C.D}, {@code A.B.C.D/N} (host bits are masked, as iptables does) or {@code A.B.C.D-E.F.G.H}.
     * Anything else is refused, so no other text reaches an nft script.
     */
    static AddressRange parse(String network) {
        if (network == null) {
            throw new IllegalArgumentException("network is missing");
        }
        int dash = network.indexOf('-');
        if (dash >= 0) {
            return new AddressRange(unsigned(Ipv4.parse(network.substring(0, dash))),
                    unsigned(Ipv4.parse(network.substring(dash + 1))));
        }
        int slash = network.indexOf('/');
        if (slash >= 0) {
            return of(Cidr.containing(Ipv4.parse(network.substring(0, slash)),
                    Cidr.parsePrefix(network.substring(slash + 1))));
        }
        long address = unsigned(Ipv4.parse(network));
        return new AddressRange(address, address);
    }

    static AddressRange of(Cidr cidr) {
        return new AddressRange(unsigned(cidr.network()), unsigned(cidr.broadcast()));
    }

    /** Parses every network and merges those that overlap or touch. */
    static List<AddressRange> merged(Collection<String> networks) {
        return Spans.merge(networks.stream().map(AddressRange::parse).toList(), AddressRange::first,
                AddressRange::last, AddressRange::new);
    }

    /** The shortest nft spelling: an address, a prefix when the range is one, else {@code A-B}. */
    String render() {
        if (first == last) {
            return Ipv4.format((int) first);
        }
        long size = last - first + 1;
        if (Long.bitCount(size) == 1 && first % size == 0) {
            return Ipv4.format((int) first) + "/" + (32 - Long.numberOfTrailingZeros(size));
        }
        return Ipv4.format((int) first) + "-" + Ipv4.format((int) last);
    }

    private static long unsigned(int address) {
        return Integer.toUnsignedLong(address);
    }
}
