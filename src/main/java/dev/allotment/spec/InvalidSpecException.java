package dev.allotment.spec;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.util.List;
import java.util.stream.Collectors;

public class InvalidSpecException extends ReservationException {
    private final List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super(Reason.InvalidSpec, errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
