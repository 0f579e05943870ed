package dev.allotment.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.allotment.api.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void defaultPoolHandsOutPorts60000To64999() {
        PortPool pool = PortPool.defaults();

        assertThat(pool.capacity()).isEqualTo(5000);
        assertThat(pool.start()).isEqualTo(60000);
        assertThat(pool.end()).isEqualTo(64999);
        assertThat(pool.acquire()).isEqualTo(60000);
    }

    @Test
    void acquireHandsOutPortsInOrderAndReleasedPortsGoToTheBack() {
        PortPool pool = new PortPool(100, 3);
        int first = pool.acquire();
        int second = pool.acquire();

        pool.release(first);

        assertThat(List.of(first, second)).containsExactly(100, 101);
        assertThat(pool.acquire()).isEqualTo(102);
        assertThat(pool.acquire()).isEqualTo(100);
    }

    @Test
    void exhaustionIsReportedWithTheRange() {
        PortPool pool = new PortPool(100, 1);
        pool.acquire();

        PortPoolException e = catchThrowableOfType(PortPoolException.class, pool::acquire);

        assertThat(e.reason()).isEqualTo(Reason.PoolExhausted);
        assertThat(e).hasMessageContaining("100-100");
    }

    @Test
    void releaseIgnoresPortsOutsideTheRange() {
        PortPool pool = new PortPool(100, 2);
        pool.acquire();

        pool.release(99);
        pool.release(102);

        assertThat(pool.inUse()).isEqualTo(1);
        assertThat(pool.acquire()).isEqualTo(101);
        assertThatThrownBy(pool::acquire).isInstanceOf(PortPoolException.class);
    }

    @Test
    void releaseOfAFreePortNeverCreatesADuplicate() {
        PortPool pool = new PortPool(100, 3);
        int port = pool.acquire();
        pool.release(port);
        pool.release(port);
        pool.release(101);

        List<Integer> handedOut = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handedOut.add(pool.acquire());
        }

        assertThat(handedOut).containsExactly(101, 102, 100);
        assertThatThrownBy(pool::acquire).isInstanceOf(PortPoolException.class);
    }

    @Test
    void explicitHostPortIsTakenOutOfThePool() {
        PortPool pool = new PortPool(100, 3);

        pool.remove(101);

        assertThat(pool.isFree(101)).isFalse();
        assertThat(pool.inUse()).isEqualTo(1);
        assertThat(List.of(pool.acquire(), pool.acquire())).containsExactly(100, 102);
    }

    @Test
    void removingATakenPortIsAConflict() {
        PortPool pool = new PortPool(100, 3);
        int taken = pool.acquire();

        PortPoolException e = catchThrowableOfType(PortPoolException.class, () -> pool.remove(taken));

        assertThat(e.reason()).isEqualTo(Reason.Conflict);
        assertThat(e).hasMessage("host port 100 is already acquired");
        assertThat(pool.inUse()).isEqualTo(1);
    }

    @Test
    void removingAPortOutsideTheRangeIsForbidden() {
        PortPool pool = new PortPool(100, 3);

        PortPoolException e = catchThrowableOfType(PortPoolException.class, () -> pool.remove(22));

        assertThat(e.reason()).isEqualTo(Reason.Forbidden);
        assertThat(e).hasMessage("host port 22 is outside the node's port range 100-102");
        assertThat(pool.inUse()).isZero();
    }

    @Test
    void aRemovedPortComesBackOnRelease() {
        PortPool pool = new PortPool(100, 2);
        pool.remove(100);

        pool.release(100);

        assertThat(pool.isFree(100)).isTrue();
        assertThat(List.of(pool.acquire(), pool.acquire())).containsExactly(101, 100);
    }

    @Test
    void offsetIsTheNextPortAcquireWouldHandOut() {
        PortPool pool = new PortPool(100, 5);
        pool.acquire();
        pool.acquire();

        assertThat(pool.offset()).isEqualTo(102);
        assertThat(pool.acquire()).isEqualTo(102);
    }

    @Test
    void poolResumedAtTheExportedOffsetHandsOutTheNextPortNotTheStart() {
        PortPool before = new PortPool(100, 5);
        before.acquire();
        int held = before.acquire();
        before.acquire();
        before.release(100);

        PortPool after = PortPool.resumingAt(100, 5, before.offset());
        after.remove(held);

        assertThat(List.of(after.acquire(), after.acquire(), after.acquire(), after.acquire()))
                .containsExactly(103, 104, 100, 102);
        assertThat(after.isFree(held)).isFalse();
    }

    @Test
    void offsetOfAnEmptyQueueIsThePortAfterTheLastAcquired() {
        PortPool pool = new PortPool(100, 2);
        pool.acquire();
        pool.acquire();

        assertThat(pool.offset()).isEqualTo(100);
        assertThat(PortPool.resumingAt(100, 2, 101).offset()).isEqualTo(101);
    }

    @Test
    void offsetOutsideTheRangeResumesAtTheStart() {
        PortPool pool = PortPool.resumingAt(100, 3, 7000);

        assertThat(pool.acquire()).isEqualTo(100);
    }

    @Test
    void capacityAndUsageFollowAcquireAndRelease() {
        PortPool pool = new PortPool(100, 3);
        int port = pool.acquire();

        assertThat(pool.capacity()).isEqualTo(3);
        assertThat(pool.inUse()).isEqualTo(1);
        assertThat(pool.isFree(port)).isFalse();
        pool.release(port);
        assertThat(pool.inUse()).isZero();
        assertThat(pool.isFree(port)).isTrue();
    }

    @Test
    void rejectsAStartBelowOne() {
        assertThatThrownBy(() -> new PortPool(0, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start 0");
    }

    @Test
    void rejectsASizeBelowOne() {
        assertThatThrownBy(() -> new PortPool(100, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 0");
    }

    @Test
    void rejectsARangeEndingBeyond65535() {
        assertThatThrownBy(() -> new PortPool(60000, 5536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535");
        assertThatThrownBy(() -> new PortPool(Integer.MAX_VALUE, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PortPool(60000, 5535).end()).isEqualTo(65534);
    }
}
