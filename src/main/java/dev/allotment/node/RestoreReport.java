package dev.allotment.node;

import java.util.List;

/**
 * What a restore did: ready records verified (and how many of those needed rebuilding), acquiring records rolled
 * back, releasing and broken records released, and what failed.
 */
public record RestoreReport(int restored, int rebuilt, int rolledBack, int released, List<String> failures) {
    public RestoreReport {
        failures = List.copyOf(failures);
    }
}
