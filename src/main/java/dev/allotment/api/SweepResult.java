package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What the last sweep did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SweepResult {
    @JsonPropertyDescription("When the sweep finished (RFC 3339).")
    private String time;

    @JsonPropertyDescription("Depot records released because no live reservation owned them.")
    private Integer recordsPruned;

    @JsonPropertyDescription("Prefixed kernel objects that no record owned.")
    private Integer kernelObjectsFound;

    @JsonPropertyDescription("Of those, how many were removed.")
    private Integer kernelObjectsRemoved;

    @JsonPropertyDescription("What could not be pruned, one line each.")
    private List<String> failures;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public Integer getRecordsPruned() {
        return recordsPruned;
    }

    public void setRecordsPruned(Integer recordsPruned) {
        this.recordsPruned = recordsPruned;
    }

    public Integer getKernelObjectsFound() {
        return kernelObjectsFound;
    }

    public void setKernelObjectsFound(Integer kernelObjectsFound) {
        this.kernelObjectsFound = kernelObjectsFound;
    }

    public Integer getKernelObjectsRemoved() {
        return kernelObjectsRemoved;
    }

    public void setKernelObjectsRemoved(Integer kernelObjectsRemoved) {
        this.kernelObjectsRemoved = kernelObjectsRemoved;
    }

    public List<String> getFailures() {
        return failures;
    }

    public void setFailures(List<String> failures) {
        this.failures = failures;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SweepResult)) {
            return false;
        }
        SweepResult that = (SweepResult) o;
        return Objects.equals(time, that.time)
                && Objects.equals(recordsPruned, that.recordsPruned)
                && Objects.equals(kernelObjectsFound, that.kernelObjectsFound)
                && Objects.equals(kernelObjectsRemoved, that.kernelObjectsRemoved)
                && Objects.equals(failures, that.failures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, recordsPruned, kernelObjectsFound, kernelObjectsRemoved, failures);
    }

    @Override
    public String toString() {
        return "SweepResult{" + "time=" + time + ", " + "recordsPruned=" + recordsPruned + ", " + "kernelObjectsFound=" + kernelObjectsFound + ", " + "kernelObjectsRemoved=" + kernelObjectsRemoved + ", " + "failures=" + failures + "}";
    }
}
