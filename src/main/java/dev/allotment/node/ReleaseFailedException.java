package dev.allotment.node;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.util.List;

/** Some release steps failed; the record stays, marked releasing, so a retry can finish. */
public class ReleaseFailedException extends ReservationException {
    public ReleaseFailedException(String containerId, List<Exception> failures) {
        super(Reason.Releasing, "release of " + containerId + " is incomplete, will retry: "
                + String.join("; ", failures.stream().map(Throwable::getMessage).toList()));
        failures.forEach(this::addSuppressed);
    }
}
