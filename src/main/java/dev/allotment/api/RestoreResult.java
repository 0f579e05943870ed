package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What the last start-up restore did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreResult {
    @JsonPropertyDescription("When the restore finished (RFC 3339).")
    private String time;

    @JsonPropertyDescription("Ready records verified or rebuilt.")
    private Integer restored;

    @JsonPropertyDescription("Acquiring records rolled back.")
    private Integer rolledBack;

    @JsonPropertyDescription("Releasing or broken records released.")
    private Integer released;

    @JsonPropertyDescription("What could not be restored, one line each.")
    private List<String> failures;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public Integer getRestored() {
        return restored;
    }

    public void setRestored(Integer restored) {
        this.restored = restored;
    }

    public Integer getRolledBack() {
        return rolledBack;
    }

    public void setRolledBack(Integer rolledBack) {
        this.rolledBack = rolledBack;
    }

    public Integer getReleased() {
        return released;
    }

    public void setReleased(Integer released) {
        this.released = released;
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
        if (!(o instanceof RestoreResult)) {
            return false;
        }
        RestoreResult that = (RestoreResult) o;
        return Objects.equals(time, that.time)
                && Objects.equals(restored, that.restored)
                && Objects.equals(rolledBack, that.rolledBack)
                && Objects.equals(released, that.released)
                && Objects.equals(failures, that.failures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, restored, rolledBack, released, failures);
    }

    @Override
    public String toString() {
        return "RestoreResult{" + "time=" + time + ", " + "restored=" + restored + ", " + "rolledBack=" + rolledBack + ", " + "released=" + released + ", " + "failures=" + failures + "}";
    }
}
