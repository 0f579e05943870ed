package dev.allotment.pool;

import java.util.Objects;

/** A container's subnet and its IP in it, as handed out by (or restored into) a {@link SubnetPool}. */
public record Allocation(Cidr subnet, String ip) {

    public Allocation {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(ip, "ip");
        int address;
        try {
            address = Ipv4.parse(ip);
        } catch (InvalidAddressException e) {
            throw new SubnetPoolException(SubnetPoolException.Kind.INVALID, "allocation IP is invalid: " + e.getMessage());
        }
        if (!subnet.contains(address)) {
            throw new SubnetPoolException(SubnetPoolException.Kind.INVALID,
                    "allocation IP " + ip + " is not inside its subnet " + subnet);
        }
    }

    public static Allocation of(Cidr subnet, int address) {
        return new Allocation(subnet, Ipv4.format(address));
    }

    public int address() {
        return Ipv4.parse(ip);
    }

    /** The bridge's address: network + 1. */
    public String gateway() {
        return Ipv4.format(subnet.gateway());
    }
}
