package dev.allotment.spec;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.DiskLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Refuses changes to immutable fields, mirroring the CRD's CEL transition rules (absent and empty are the same), and
 * a disk limit that shrinks.
 */
public final class SpecChangeValidator {
    private record Immutable(String field, Function<ContainerReservationSpec, Object> value) {
    }

    private static final List<Immutable> IMMUTABLE = List.of(
            new Immutable("spec.nodeName", ContainerReservationSpec::getNodeName),
            new Immutable("spec.handle", s -> emptyIfNull(s.getHandle())),
            new Immutable("spec.network", s -> emptyIfNull(s.getNetwork())),
            new Immutable("spec.privileged", s -> Boolean.TRUE.equals(s.getPrivileged())),
            new Immutable("spec.rootfs", s -> emptyIfNull(s.getRootfs())),
            new Immutable("spec.env", ContainerReservationSpec::getEnv),
            new Immutable("spec.bindMounts", ContainerReservationSpec::getBindMounts));

    /** Throws {@link InvalidSpecException} when {@code desired} cannot be applied over {@code recorded}. */
    public void validate(ContainerReservationSpec recorded, ContainerReservationSpec desired) {
        List<FieldError> errors = check(recorded, desired);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
    }

    public List<FieldError> check(ContainerReservationSpec recorded, ContainerReservationSpec desired) {
        List<FieldError> errors = new ArrayList<>();
        for (Immutable field : IMMUTABLE) {
            Object was = field.value().apply(recorded);
            Object now = field.value().apply(desired);
            if (!Objects.equals(was, now)) {
                errors.add(new FieldError(field.field(), "is immutable: it was " + show(was) + " at acquire and is now "
                        + show(now) + "; delete and re-create the reservation to change it"));
            }
        }
        Long wasBytes = byteHard(recorded);
        Long nowBytes = byteHard(desired);
        if (wasBytes != null && (nowBytes == null || nowBytes < wasBytes)) {
            errors.add(new FieldError("spec.limits.disk.byteHard",
                    "may only grow: it is " + wasBytes + " and was asked to become " + nowBytes));
        }
        return errors;
    }

    private static Long byteHard(ContainerReservationSpec spec) {
        DiskLimits disk = spec.getLimits() == null ? null : spec.getLimits().getDisk();
        return disk == null ? null : disk.getByteHard();
    }

    private static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }

    private static String show(Object value) {
        return value instanceof String s ? FieldChecks.quote(s) : String.valueOf(value);
    }
}
