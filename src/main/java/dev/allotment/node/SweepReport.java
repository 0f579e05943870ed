package dev.allotment.node;

import java.util.List;

/** What a sweep did: records released for lack of a live owner, orphan kernel objects found and removed, layers collected. */
public record SweepReport(int recordsPruned, int kernelObjectsFound, int kernelObjectsRemoved, int layersCollected,
        List<String> failures) {
    public SweepReport {
        failures = List.copyOf(failures);
    }
}
