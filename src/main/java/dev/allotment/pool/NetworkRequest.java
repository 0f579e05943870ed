package dev.allotment.pool;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** What a reservation asks of the subnet pool: a dynamic or a given subnet, and a dynamic or a given IP in it. */
public final class NetworkRequest {
    /** A container subnet needs room for network, gateway, container and broadcast addresses. */
    static final int LONGEST_PREFIX = 30;

    private static final NetworkRequest DYNAMIC = new NetworkRequest(null, null);

    private final Cidr subnet;
    private final Integer ip;

    private NetworkRequest(Cidr subnet, Integer ip) {
        this.subnet = subnet;
        this.ip = ip;
    }

    public static NetworkRequest dynamic() {
        return DYNAMIC;
    }

    public static NetworkRequest staticSubnet(Cidr subnet) {
        return new NetworkRequest(checkedSubnet(subnet), null);
    }

    public static NetworkRequest staticIp(Cidr subnet, int ip) {
        if (!checkedSubnet(subnet).contains(ip)) {
            throw invalid("IP " + Ipv4.format(ip) + " is not inside subnet " + subnet);
        }
        return new NetworkRequest(subnet, ip);
    }

    /**
     * Reads {@code spec.network} as garden does: empty means dynamic; an address without {@code /} gets {@code /30};
     * a CIDR with host bits zero is a subnet with a dynamic IP; host bits set name the IP within that CIDR's network.
     */
    public static NetworkRequest parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            return dynamic();
        }
        String cidrText = spec.contains("/") ? spec : spec + "/" + LONGEST_PREFIX;
        int slash = cidrText.indexOf('/');
        int address;
        int prefix;
        try {
            address = Ipv4.parse(cidrText.substring(0, slash));
            prefix = Cidr.parsePrefix(cidrText.substring(slash + 1));
        } catch (InvalidAddressException e) {
            throw invalid("spec.network \"" + spec + "\" is invalid: " + e.getMessage());
        }
        if (prefix > LONGEST_PREFIX) {
            throw invalid("spec.network \"" + spec + "\" is invalid: prefix /" + prefix + " is longer than /" + LONGEST_PREFIX
                    + ", leaving no room for network, gateway, container and broadcast addresses");
        }
        Cidr subnet = Cidr.containing(address, prefix);
        return address == subnet.network() ? staticSubnet(subnet) : staticIp(subnet, address);
    }

    public Optional<Cidr> subnet() {
        return Optional.ofNullable(subnet);
    }

    public OptionalInt ip() {
        return ip == null ? OptionalInt.empty() : OptionalInt.of(ip);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkRequest other && Objects.equals(subnet, other.subnet) && Objects.equals(ip, other.ip);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subnet, ip);
    }

    @Override
    public String toString() {
        String subnetText = subnet == null ? "dynamic subnet" : "subnet " + subnet;
        String ipText = ip == null ? "dynamic IP" : "IP " + Ipv4.format(ip);
        return subnetText + ", " + ipText;
    }

    private static Cidr checkedSubnet(Cidr subnet) {
        Objects.requireNonNull(subnet, "subnet");
        if (subnet.prefix() > LONGEST_PREFIX) {
            throw invalid("subnet " + subnet + " is smaller than a /" + LONGEST_PREFIX
                    + ", leaving no room for network, gateway, container and broadcast addresses");
        }
        return subnet;
    }

    private static SubnetPoolException invalid(String message) {
        return new SubnetPoolException(SubnetPoolException.Kind.INVALID, message);
    }
}
