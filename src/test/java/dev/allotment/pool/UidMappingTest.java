package dev.allotment.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import org.junit.jupiter.api.Test;

class UidMappingTest {

    @Test
    void unprivilegedRootRunsAsTheHostRootUid() {
        UidMapping mapping = new UidMapping(100000, 65536, true);

        assertThat(mapping.rootUid(false)).isEqualTo(100000);
        assertThat(mapping.uidMap(false)).isEqualTo("0 100000 65536");
    }

    @Test
    void privilegedRootIsHostRootWhenAllowed() {
        UidMapping mapping = new UidMapping(100000, 65536, true);

        assertThat(mapping.rootUid(true)).isZero();
        assertThat(mapping.uidMap(true)).isEqualTo("0 0 4294967295");
    }

    @Test
    void privilegedReservationIsForbiddenWhenNotAllowed() {
        UidMapping mapping = new UidMapping(100000, 65536, false);

        ReservationException e = catchThrowableOfType(ReservationException.class, () -> mapping.rootUid(true));

        assertThat(e.reason()).isEqualTo(Reason.Forbidden);
        assertThat(e).hasMessage("privileged reservations are not allowed on this node");
        assertThatThrownBy(() -> mapping.uidMap(true)).isInstanceOf(ReservationException.class);
    }

    @Test
    void rejectsHostRootUidZero() {
        assertThatThrownBy(() -> new UidMapping(0, 65536, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host root UID 0");
    }

    @Test
    void rejectsAnEmptyRange() {
        assertThatThrownBy(() -> new UidMapping(100000, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size 0");
    }

    @Test
    void rejectsARangeBeyondTheLastUid() {
        assertThatThrownBy(() -> new UidMapping(4294967295L, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UidMapping(4294967000L, 65536, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4294967294");
        assertThat(new UidMapping(4294967294L, 1, false).uidMap(false)).isEqualTo("0 4294967294 1");
    }
}
