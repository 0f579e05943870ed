package dev.allotment.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the standard condition list, keeping a condition's lastTransitionTime while its status stays the same
 * (Keycloak's status aggregator does the same).
 */
final class Conditions {
    private final Clock clock;

    Conditions(Clock clock) {
        this.clock = clock;
    }

    record Wanted(String type, boolean status, String reason, String message) {
    }

    List<Condition> merge(List<Condition> previous, List<Wanted> wanted, Long generation) {
        List<Condition> merged = new ArrayList<>();
        for (Wanted condition : wanted) {
            String status = condition.status() ? "True" : "False";
            String since = previous == null ? null : previous.stream()
                    .filter(p -> p.getType().equals(condition.type()) && Objects.equals(p.getStatus(), status))
                    .map(Condition::getLastTransitionTime).findFirst().orElse(null);
            merged.add(new ConditionBuilder().withType(condition.type()).withStatus(status)
                    .withReason(condition.reason()).withMessage(condition.message()).withObservedGeneration(generation)
                    .withLastTransitionTime(since != null ? since : DateTimeFormatter.ISO_INSTANT.format(
                            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                    .build());
        }
        return merged;
    }
}
