package dev.allotment.spec;

/** One refused field: its path in the reservation (e.g. {@code spec.netIn[0].containerPort}) and why. */
public record FieldError(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
