package dev.allotment.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.allotment.api.Reason;
import dev.allotment.pool.SubnetPoolException.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SubnetPoolTest {

    private final SubnetPool pool = SubnetPool.defaults();

    @Test
    void firstContainerInASlash30GetsDotTwo() {
        Allocation first = pool.acquire(NetworkRequest.dynamic());

        assertThat(first).isEqualTo(new Allocation(Cidr.parse("10.254.0.0/30"), "10.254.0.2"));
        assertThat(first.gateway()).isEqualTo("10.254.0.1");
    }

    @Test
    void eachDynamicRequestGetsItsOwnFreshSubnetLowestFirst() {
        Allocation first = pool.acquire(NetworkRequest.dynamic());
        Allocation second = pool.acquire(NetworkRequest.dynamic());

        assertThat(first.subnet()).isEqualTo(Cidr.parse("10.254.0.0/30"));
        assertThat(second).isEqualTo(new Allocation(Cidr.parse("10.254.0.4/30"), "10.254.0.6"));
    }

    @Test
    void releasedSubnetIsReusedFirst() {
        pool.acquire(NetworkRequest.dynamic());
        Allocation middle = pool.acquire(NetworkRequest.dynamic());
        pool.acquire(NetworkRequest.dynamic());

        pool.release(middle);

        assertThat(pool.acquire(NetworkRequest.dynamic())).isEqualTo(middle);
    }

    @Test
    void releasesSubnetWhenLastIpIsReleased() {
        Allocation allocation = pool.acquire(NetworkRequest.dynamic());

        assertThat(pool.release(allocation)).isTrue();
        assertThat(pool.isAllocated(allocation)).isFalse();
        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(0, 0, 0));
    }

    @Test
    void releasingSomethingNotHeldIsANoOpReturningFalse() {
        Allocation allocation = pool.acquire(NetworkRequest.dynamic());
        pool.release(allocation);

        assertThat(pool.release(allocation)).isFalse();
        assertThat(pool.release(new Allocation(Cidr.parse("10.253.0.4/30"), "10.253.0.6"))).isFalse();
        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(0, 0, 0));
    }

    @Test
    void capacityOfTheDefaultPoolIs256() {
        assertThat(pool.capacity()).isEqualTo(256);
        Set<Cidr> subnets = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            subnets.add(pool.acquire(NetworkRequest.dynamic()).subnet());
        }

        assertThat(subnets).hasSize(256).allMatch(subnet -> pool.dynamicRange().contains(subnet));
        assertKind(() -> pool.acquire(NetworkRequest.dynamic()), Kind.EXHAUSTED);
    }

    @Test
    void exhaustionMessageGivesTheCapacity() {
        SubnetPool small = new SubnetPool(Cidr.parse("10.254.0.0/28"), 30, List.of());
        for (int i = 0; i < 4; i++) {
            small.acquire(NetworkRequest.dynamic());
        }

        SubnetPoolException e = catchThrowableOfType(SubnetPoolException.class, () -> small.acquire(NetworkRequest.dynamic()));

        assertThat(e.reason()).isEqualTo(Reason.PoolExhausted);
        assertThat(e).hasMessageContaining("10.254.0.0/28").hasMessageContaining("all 4 /30 subnets are in use");
    }

    @Test
    void containerPrefixSetsTheDynamicSubnetSize() {
        SubnetPool pool29 = new SubnetPool(Cidr.parse("10.254.0.0/24"), 29, List.of());

        assertThat(pool29.capacity()).isEqualTo(32);
        assertThat(pool29.acquire(NetworkRequest.dynamic())).isEqualTo(new Allocation(Cidr.parse("10.254.0.0/29"), "10.254.0.2"));
        assertThat(pool29.acquire(NetworkRequest.dynamic()).subnet()).isEqualTo(Cidr.parse("10.254.0.8/29"));
    }

    @Test
    void staticIpWithoutPrefixIsHeldInItsSlash30() {
        Allocation allocation = pool.acquire(NetworkRequest.parse("10.253.0.6"));

        assertThat(allocation).isEqualTo(new Allocation(Cidr.parse("10.253.0.4/30"), "10.253.0.6"));
        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(0, 1, 1));
    }

    @Test
    void staticSubnetWithDynamicIpTakesFirstFreeIpUntilFull() {
        NetworkRequest request = NetworkRequest.parse("10.253.0.8/29");
        List<String> ips = List.of(
                pool.acquire(request).ip(), pool.acquire(request).ip(), pool.acquire(request).ip(),
                pool.acquire(request).ip(), pool.acquire(request).ip());

        assertThat(ips).containsExactly("10.253.0.10", "10.253.0.11", "10.253.0.12", "10.253.0.13", "10.253.0.14");
        SubnetPoolException e = catchThrowableOfType(SubnetPoolException.class, () -> pool.acquire(request));
        assertThat(e.kind()).isEqualTo(Kind.EXHAUSTED);
        assertThat(e.reason()).isEqualTo(Reason.PoolExhausted);
        assertThat(e).hasMessageContaining("10.253.0.8/29");
    }

    @Test
    void dynamicIpInAStaticSubnetSkipsStaticallyTakenIps() {
        pool.acquire(NetworkRequest.parse("10.253.0.10/29"));

        assertThat(pool.acquire(NetworkRequest.parse("10.253.0.8/29")).ip()).isEqualTo("10.253.0.11");
    }

    @Test
    void equalStaticSubnetsShareAndOnlyTheLastReleaseFreesTheSubnet() {
        Allocation a = pool.acquire(NetworkRequest.parse("10.253.0.10/29"));
        Allocation b = pool.acquire(NetworkRequest.parse("10.253.0.11/29"));

        assertThat(a.subnet()).isEqualTo(b.subnet());
        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(0, 1, 2));
        assertThat(pool.release(a)).isFalse();
        assertThat(pool.release(b)).isTrue();
        assertThat(pool.allocations()).isEmpty();
    }

    @Test
    void overlappingButDifferentStaticSubnetsAreRefused() {
        pool.acquire(NetworkRequest.parse("10.253.0.8/29"));

        assertKind(() -> pool.acquire(NetworkRequest.parse("10.253.0.14")), Kind.OVERLAPS, Reason.Conflict, "10.253.0.8/29");
        assertKind(() -> pool.acquire(NetworkRequest.parse("10.253.0.0/28")), Kind.OVERLAPS, Reason.Conflict, "10.253.0.8/29");
        assertThat(pool.acquire(NetworkRequest.parse("10.253.0.16/30")).ip()).isEqualTo("10.253.0.18");
    }

    @Test
    void staticSubnetInTheDynamicRangeIsRefusedAsBeingInTheDynamicPool() {
        assertKind(() -> pool.acquire(NetworkRequest.parse("10.254.0.6")), Kind.OVERLAPS_DYNAMIC, Reason.Forbidden,
                "in the dynamic pool 10.254.0.0/22");
        assertKind(() -> pool.acquire(NetworkRequest.parse("10.254.0.0/16")), Kind.OVERLAPS_DYNAMIC, Reason.Forbidden,
                "10.254.0.0/16");
        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(0, 0, 0));
    }

    @Test
    void staticSubnetOutsideTheStaticRangesIsForbidden() {
        assertKind(() -> pool.acquire(NetworkRequest.parse("192.168.0.6")), Kind.OUTSIDE_STATIC_RANGES, Reason.Forbidden,
                "outside the node's static ranges [10.253.0.0/22]");
        assertKind(() -> pool.acquire(NetworkRequest.parse("10.253.0.0/21")), Kind.OUTSIDE_STATIC_RANGES, Reason.Forbidden,
                "10.253.0.0/21");
    }

    @Test
    void staticIpEqualToTheGatewayIsInvalid() {
        assertKind(() -> pool.acquire(NetworkRequest.parse("10.253.0.5")), Kind.EQUALS_GATEWAY, Reason.InvalidSpec,
                "equals the gateway");
        assertKind(() -> pool.acquire(NetworkRequest.parse("10.253.0.9/29")), Kind.EQUALS_GATEWAY, Reason.InvalidSpec,
                "10.253.0.9");
    }

    @Test
    void staticIpEqualToTheBroadcastIsInvalid() {
        assertKind(() -> pool.acquire(NetworkRequest.parse("10.253.0.7")), Kind.EQUALS_BROADCAST, Reason.InvalidSpec,
                "equals the broadcast");
    }

    @Test
    void staticIpEqualToTheNetworkAddressIsInvalid() {
        NetworkRequest request = NetworkRequest.staticIp(Cidr.parse("10.253.0.4/30"), Ipv4.parse("10.253.0.4"));

        assertKind(() -> pool.acquire(request), Kind.EQUALS_NETWORK, Reason.InvalidSpec, "equals the network address");
    }

    @Test
    void staticIpAlreadyTakenIsAConflict() {
        pool.acquire(NetworkRequest.parse("10.253.0.6"));

        assertKind(() -> pool.acquire(NetworkRequest.parse("10.253.0.6")), Kind.ALREADY_ACQUIRED, Reason.Conflict,
                "10.253.0.6 in 10.253.0.4/30 is already acquired");
    }

    @Test
    void removeReclaimsASpecificAllocationSoDynamicAcquireSkipsIt() {
        Allocation restored = new Allocation(Cidr.parse("10.254.0.0/30"), "10.254.0.2");

        pool.remove(restored);

        assertThat(pool.isAllocated(restored)).isTrue();
        assertThat(pool.acquire(NetworkRequest.dynamic()).subnet()).isEqualTo(Cidr.parse("10.254.0.4/30"));
    }

    @Test
    void removeOfATakenAllocationFailsAndLeavesTheHoldersAllocationIntact() {
        Allocation held = pool.acquire(NetworkRequest.dynamic());

        assertKind(() -> pool.remove(held), Kind.ALREADY_ACQUIRED, Reason.Conflict, "already acquired");

        assertThat(pool.isAllocated(held)).isTrue();
        assertThat(pool.allocations()).containsExactly(held);
        assertThat(pool.release(held)).isTrue();
        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(0, 0, 0));
    }

    @Test
    void removeOfASubnetOverlappingADifferentHeldSubnetIsAConflict() {
        Allocation held = pool.acquire(NetworkRequest.parse("10.253.0.8/29"));

        assertKind(() -> pool.remove(new Allocation(Cidr.parse("10.253.0.12/30"), "10.253.0.14")), Kind.OVERLAPS,
                Reason.Conflict, "10.253.0.8/29");
        assertThat(pool.allocations()).containsExactly(held);
    }

    @Test
    void removeSharesAnEqualStaticSubnet() {
        pool.remove(new Allocation(Cidr.parse("10.253.0.8/29"), "10.253.0.10"));
        pool.remove(new Allocation(Cidr.parse("10.253.0.8/29"), "10.253.0.13"));

        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(0, 1, 2));
        assertThat(pool.acquire(NetworkRequest.parse("10.253.0.8/29")).ip()).isEqualTo("10.253.0.11");
    }

    @Test
    void removeAppliesTheReservedAddressRules() {
        assertKind(() -> pool.remove(new Allocation(Cidr.parse("10.253.0.4/30"), "10.253.0.5")), Kind.EQUALS_GATEWAY);
        assertKind(() -> pool.remove(new Allocation(Cidr.parse("10.253.0.4/30"), "10.253.0.7")), Kind.EQUALS_BROADCAST);
        assertKind(() -> pool.remove(new Allocation(Cidr.parse("10.253.0.4/30"), "10.253.0.4")), Kind.EQUALS_NETWORK);
        assertThat(pool.allocations()).isEmpty();
    }

    @Test
    void removeOutsideBothTheDynamicAndTheStaticRangesIsForbidden() {
        assertKind(() -> pool.remove(new Allocation(Cidr.parse("10.252.0.4/30"), "10.252.0.6")), Kind.OUTSIDE_STATIC_RANGES,
                Reason.Forbidden, "10.252.0.4/30");
        assertKind(() -> pool.remove(new Allocation(Cidr.parse("10.254.0.0/16"), "10.254.9.2")), Kind.OVERLAPS_DYNAMIC,
                Reason.Forbidden, "dynamic pool");
    }

    @Test
    void recordsRestoredAfterTheRangesMovedAreClaimableInEitherRange() {
        // The old static range is now the dynamic one and vice versa; the old prefix was /29.
        SubnetPool moved = new SubnetPool(Cidr.parse("10.253.0.0/22"), 30, List.of(Cidr.parse("10.254.0.0/22")));
        Allocation oldStatic = new Allocation(Cidr.parse("10.253.0.0/30"), "10.253.0.2");
        Allocation oldStaticWide = new Allocation(Cidr.parse("10.253.0.8/29"), "10.253.0.10");
        Allocation oldDynamic = new Allocation(Cidr.parse("10.254.0.0/29"), "10.254.0.2");

        moved.remove(oldStatic);
        moved.remove(oldStaticWide);
        moved.remove(oldDynamic);

        assertThat(moved.usage()).isEqualTo(new SubnetPool.Usage(2, 1, 3));
        assertThat(moved.acquire(NetworkRequest.dynamic()).subnet()).isEqualTo(Cidr.parse("10.253.0.4/30"));
        assertThat(moved.acquire(NetworkRequest.dynamic()).subnet()).isEqualTo(Cidr.parse("10.253.0.16/30"));
    }

    @Test
    void allocationsListsEveryHeldIp() {
        Allocation dynamic = pool.acquire(NetworkRequest.dynamic());
        Allocation a = pool.acquire(NetworkRequest.parse("10.253.0.10/29"));
        Allocation b = pool.acquire(NetworkRequest.parse("10.253.0.8/29"));

        assertThat(pool.allocations()).containsExactlyInAnyOrder(dynamic, a, b);
        assertThat(pool.usage()).isEqualTo(new SubnetPool.Usage(1, 1, 3));
    }

    @Test
    void rejectsAContainerPrefixShorterThanTheDynamicRange() {
        assertThatThrownBy(() -> new SubnetPool(Cidr.parse("10.254.0.0/22"), 21, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/21").hasMessageContaining("10.254.0.0/22");
    }

    @Test
    void rejectsAContainerPrefixLongerThanSlash30() {
        assertThatThrownBy(() -> new SubnetPool(Cidr.parse("10.254.0.0/22"), 31, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/31");
    }

    @Test
    void rejectsStaticRangesOverlappingTheDynamicRange() {
        assertThatThrownBy(() -> new SubnetPool(Cidr.parse("10.254.0.0/22"), 30, List.of(Cidr.parse("10.254.2.0/24"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.254.2.0/24");
    }

    @Test
    void allocationIpMustLieInItsSubnet() {
        assertKind(() -> new Allocation(Cidr.parse("10.254.0.0/30"), "10.254.0.9"), Kind.INVALID, Reason.InvalidSpec,
                "10.254.0.9");
        assertKind(() -> new Allocation(Cidr.parse("10.254.0.0/30"), "10.254.0.x"), Kind.INVALID);
    }

    @Test
    void eachKindMapsToItsReason() {
        assertThat(Kind.EXHAUSTED.reason()).isEqualTo(Reason.PoolExhausted);
        assertThat(List.of(Kind.ALREADY_ACQUIRED, Kind.OVERLAPS)).allMatch(k -> k.reason() == Reason.Conflict);
        assertThat(List.of(Kind.OUTSIDE_STATIC_RANGES, Kind.OVERLAPS_DYNAMIC)).allMatch(k -> k.reason() == Reason.Forbidden);
        assertThat(List.of(Kind.EQUALS_GATEWAY, Kind.EQUALS_BROADCAST, Kind.EQUALS_NETWORK, Kind.INVALID))
                .allMatch(k -> k.reason() == Reason.InvalidSpec);
        assertThat(new SubnetPoolException(Kind.OVERLAPS, "x").reason()).isEqualTo(Reason.Conflict);
    }

    private static SubnetPoolException assertKind(ThrowingCallable call, Kind kind) {
        SubnetPoolException e = catchThrowableOfType(SubnetPoolException.class, call);
        assertThat(e).as("expected a SubnetPoolException of kind %s", kind).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.reason()).isEqualTo(kind.reason());
        return e;
    }

    private static void assertKind(ThrowingCallable call, Kind kind, Reason reason, String messagePart) {
        SubnetPoolException e = assertKind(call, kind);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e).hasMessageContaining(messagePart);
    }
}
