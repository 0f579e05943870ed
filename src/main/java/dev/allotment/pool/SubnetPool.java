package dev.allotment.pool;

import dev.allotment.pool.SubnetPoolException.Kind;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hands out container subnets and IPs. Dynamic subnets come from one range, one fresh subnet per request;
 * static subnets must lie in the node's static ranges and are shared by requests naming the same subnet.
 */
public final class SubnetPool {

    /** How much of the pool is held. */
    public record Usage(int dynamicSubnets, int staticSubnets, int ips) {
    }

    private static final int FIRST_HOST_OFFSET = 2; // network and gateway (network + 1) are never handed out

    private final Cidr dynamicRange;
    private final int containerPrefix;
    private final List<Cidr> staticRanges;

    // Held subnets never overlap unless equal, and equal subnets share one entry: that is what the searches rely on.
    private final NavigableMap<Cidr, Set<Integer>> ipsBySubnet = new TreeMap<>();

    public SubnetPool(Cidr dynamicRange, int containerPrefix, List<Cidr> staticRanges) {
        Objects.requireNonNull(dynamicRange, "dynamicRange");
        this.staticRanges = List.copyOf(Objects.requireNonNull(staticRanges, "staticRanges"));
        if (containerPrefix < dynamicRange.prefix()) {
            throw new IllegalArgumentException("container prefix /" + containerPrefix
                    + " is shorter than the dynamic range " + dynamicRange);
        }
        if (containerPrefix > NetworkRequest.LONGEST_PREFIX) {
            throw new IllegalArgumentException("container prefix /" + containerPrefix + " is longer than /"
                    + NetworkRequest.LONGEST_PREFIX + ", leaving no room for network, gateway, container and broadcast addresses");
        }
        for (Cidr staticRange : this.staticRanges) {
            if (staticRange.overlaps(dynamicRange)) {
                throw new IllegalArgumentException("static range " + staticRange + " overlaps the dynamic range " + dynamicRange);
            }
        }
        this.dynamicRange = dynamicRange;
        this.containerPrefix = containerPrefix;
    }

    /** Dynamic 10.254.0.0/22 in /30s (256 subnets), static 10.253.0.0/22, as garden. */
    public static SubnetPool defaults() {
        return new SubnetPool(Cidr.parse("10.254.0.0/22"), 30, List.of(Cidr.parse("10.253.0.0/22")));
    }

    public Cidr dynamicRange() {
        return dynamicRange;
    }

    public int containerPrefix() {
        return containerPrefix;
    }

    public List<Cidr> staticRanges() {
        return staticRanges;
    }

    public synchronized Allocation acquire(NetworkRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.subnet().isEmpty()) {
            Cidr subnet = firstFreeDynamicSubnet();
            return hold(subnet, firstFreeIp(subnet));
        }
        Cidr subnet = request.subnet().get();
        checkStaticPlacement(subnet);
        if (request.ip().isPresent()) {
            int ip = request.ip().getAsInt();
            checkHostAddress(subnet, ip);
            checkNoOverlapExceptEqual(subnet);
            checkFree(subnet, ip);
            return hold(subnet, ip);
        }
        checkNoOverlapExceptEqual(subnet);
        return hold(subnet, firstFreeIp(subnet));
    }

    /** Frees the IP; true when it was the subnet's last, so the subnet (and its bridge) is no longer in use. */
    public synchronized boolean release(Allocation allocation) {
        Set<Integer> ips = ipsBySubnet.get(allocation.subnet());
        if (ips == null || !ips.remove(allocation.address())) {
            return false;
        }
        if (ips.isEmpty()) {
            ipsBySubnet.remove(allocation.subnet());
            return true;
        }
        return false;
    }

    /**
     * Re-claims an allocation on restore. Accepts a subnet in the dynamic range or in a static range, so records
     * survive the container prefix or the ranges changing, as long as they still lie in one of them.
     */
    public synchronized void remove(Allocation allocation) {
        Cidr subnet = allocation.subnet();
        int ip = allocation.address();
        if (!dynamicRange.contains(subnet) && !inStaticRange(subnet)) {
            throw placementError(subnet, "restored subnet");
        }
        checkHostAddress(subnet, ip);
        checkNoOverlapExceptEqual(subnet);
        checkFree(subnet, ip);
        hold(subnet, ip);
    }

    /** True while any IP of the subnet is held. */
    public synchronized boolean isInUse(Cidr subnet) {
        return ipsBySubnet.containsKey(subnet);
    }

    public synchronized boolean isAllocated(Allocation allocation) {
        Set<Integer> ips = ipsBySubnet.get(allocation.subnet());
        return ips != null && ips.contains(allocation.address());
    }

    public synchronized Set<Allocation> allocations() {
        Set<Allocation> all = new LinkedHashSet<>();
        ipsBySubnet.forEach((subnet, ips) -> ips.stream().sorted(Integer::compareUnsigned)
                .forEach(ip -> all.add(Allocation.of(subnet, ip))));
        return Collections.unmodifiableSet(all);
    }

    /** The number of dynamic subnets. */
    public int capacity() {
        return 1 << (containerPrefix - dynamicRange.prefix());
    }

    public synchronized Usage usage() {
        int dynamicSubnets = 0;
        int ips = 0;
        for (Map.Entry<Cidr, Set<Integer>> held : ipsBySubnet.entrySet()) {
            if (dynamicRange.contains(held.getKey())) {
                dynamicSubnets++;
            }
            ips += held.getValue().size();
        }
        return new Usage(dynamicSubnets, ipsBySubnet.size() - dynamicSubnets, ips);
    }

    private Cidr firstFreeDynamicSubnet() {
        long blockSize = 1L << (32 - containerPrefix);
        long candidate = unsigned(dynamicRange.network());
        for (Cidr held : ipsBySubnet.keySet()) {
            if (!dynamicRange.contains(held) || unsigned(held.broadcast()) < candidate) {
                continue;
            }
            if (unsigned(held.network()) >= candidate + blockSize) {
                break;
            }
            candidate = alignUp(unsigned(held.broadcast()) + 1, blockSize);
        }
        if (candidate + blockSize - 1 > unsigned(dynamicRange.broadcast())) {
            throw new SubnetPoolException(Kind.EXHAUSTED, "dynamic subnet pool " + dynamicRange
                    + " is exhausted: all " + capacity() + " /" + containerPrefix + " subnets are in use");
        }
        return Cidr.containing((int) candidate, containerPrefix);
    }

    private int firstFreeIp(Cidr subnet) {
        Set<Integer> taken = ipsBySubnet.getOrDefault(subnet, Set.of());
        for (long ip = unsigned(subnet.network()) + FIRST_HOST_OFFSET; ip < unsigned(subnet.broadcast()); ip++) {
            if (!taken.contains((int) ip)) {
                return (int) ip;
            }
        }
        throw new SubnetPoolException(Kind.EXHAUSTED, "subnet " + subnet + " has no free IP: all "
                + (subnet.size() - 3) + " container addresses are in use");
    }

    private void checkStaticPlacement(Cidr subnet) {
        if (!inStaticRange(subnet)) {
            throw placementError(subnet, "static subnet");
        }
    }

    private SubnetPoolException placementError(Cidr subnet, String what) {
        if (subnet.overlaps(dynamicRange)) {
            return new SubnetPoolException(Kind.OVERLAPS_DYNAMIC, what + " " + subnet + " is in the dynamic pool "
                    + dynamicRange + ", outside the node's static ranges " + staticRanges);
        }
        return new SubnetPoolException(Kind.OUTSIDE_STATIC_RANGES, what + " " + subnet
                + " is outside the node's static ranges " + staticRanges);
    }

    private boolean inStaticRange(Cidr subnet) {
        return staticRanges.stream().anyMatch(range -> range.contains(subnet));
    }

    private static void checkHostAddress(Cidr subnet, int ip) {
        String address = Ipv4.format(ip);
        if (ip == subnet.network()) {
            throw new SubnetPoolException(Kind.EQUALS_NETWORK, "IP " + address + " equals the network address of " + subnet);
        }
        if (ip == subnet.gateway()) {
            throw new SubnetPoolException(Kind.EQUALS_GATEWAY, "IP " + address + " equals the gateway of " + subnet);
        }
        if (ip == subnet.broadcast()) {
            throw new SubnetPoolException(Kind.EQUALS_BROADCAST, "IP " + address + " equals the broadcast address of " + subnet);
        }
    }

    private void checkNoOverlapExceptEqual(Cidr subnet) {
        // Held subnets are disjoint, so only the last one starting at or before our end can overlap us.
        Cidr lastStartingBeforeEnd = ipsBySubnet.floorKey(Cidr.containing(subnet.broadcast(), 32));
        if (lastStartingBeforeEnd != null && !lastStartingBeforeEnd.equals(subnet) && lastStartingBeforeEnd.overlaps(subnet)) {
            throw new SubnetPoolException(Kind.OVERLAPS, "subnet " + subnet + " overlaps subnet "
                    + lastStartingBeforeEnd + ", which is in use");
        }
    }

    private void checkFree(Cidr subnet, int ip) {
        Set<Integer> taken = ipsBySubnet.get(subnet);
        if (taken != null && taken.contains(ip)) {
            throw new SubnetPoolException(Kind.ALREADY_ACQUIRED, "IP " + Ipv4.format(ip) + " in " + subnet + " is already acquired");
        }
    }

    private Allocation hold(Cidr subnet, int ip) {
        ipsBySubnet.computeIfAbsent(subnet, unused -> new HashSet<>()).add(ip);
        return Allocation.of(subnet, ip);
    }

    private static long unsigned(int address) {
        return Integer.toUnsignedLong(address);
    }

    private static long alignUp(long address, long blockSize) {
        return (address + blockSize - 1) / blockSize * blockSize;
    }
}
