package dev.allotment.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.Protocol;
import dev.allotment.api.Reason;
import dev.allotment.api.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecChangeValidatorTest {
    private final SpecChangeValidator changes = new SpecChangeValidator();

    private static ContainerReservationSpec withDisk(long byteHard) {
        return Specs.withDiskLimit(SpecValidatorTest.minimal(), byteHard);
    }

    @Test
    void acceptsChangesToMutableFields() {
        ContainerReservationSpec before = withDisk(100L);
        ContainerReservationSpec after = withDisk(200L);
        after.setNetIn(List.of(SpecValidatorTest.netIn(0, 80, Protocol.TCP)));
        after.setProperties(Map.of("a", "b"));
        after.setGraceTime("5s");
        assertThat(changes.check(before, after)).isEmpty();
    }

    @Test
    void treatsAbsentAndEmptyAsTheSameLikeTheCelRules() {
        ContainerReservationSpec before = SpecValidatorTest.minimal();
        ContainerReservationSpec after = SpecValidatorTest.minimal();
        after.setNetwork("");
        after.setPrivileged(false);
        assertThat(changes.check(before, after)).isEmpty();
    }

    @Test
    void refusesAChangeToEachImmutableField() {
        ContainerReservationSpec before = SpecValidatorTest.minimal();
        ContainerReservationSpec after = SpecValidatorTest.minimal();
        after.setNodeName("node-2");
        after.setHandle("other");
        after.setNetwork("10.253.0.6");
        after.setPrivileged(true);
        after.setRootfs("dir:///other");
        after.setEnv(List.of("A=1"));
        after.setBindMounts(List.of(SpecValidatorTest.mount("/a", "/b")));
        assertThat(changes.check(before, after)).extracting(FieldError::field).containsExactly("spec.nodeName",
                "spec.handle", "spec.network", "spec.privileged", "spec.rootfs", "spec.env", "spec.bindMounts");
    }

    @Test
    void refusesADiskLimitThatShrinksOrDisappears() {
        assertThat(changes.check(withDisk(200L), withDisk(100L))).extracting(FieldError::toString)
                .containsExactly("spec.limits.disk.byteHard: may only grow: it is 200 and was asked to become 100");
        assertThat(changes.check(withDisk(200L), SpecValidatorTest.minimal())).hasSize(1);
    }

    @Test
    void validateThrowsWithTheOldAndNewValues() {
        ContainerReservationSpec after = SpecValidatorTest.minimal();
        after.setNetwork("10.253.0.6");
        assertThatThrownBy(() -> changes.validate(SpecValidatorTest.minimal(), after))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.InvalidSpec);
                    assertThat(e.getMessage()).isEqualTo("spec.network: is immutable: it was \"\" at acquire and is now"
                            + " \"10.253.0.6\"; delete and re-create the reservation to change it");
                });
    }
}
