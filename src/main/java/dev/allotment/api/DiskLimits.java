package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiskLimits {
    @Min(0)
    @JsonPropertyDescription("Hard limit in bytes on the writable layer.")
    private Long byteHard;

    @Min(0)
    @JsonPropertyDescription("Hard limit on inodes in the writable layer.")
    private Long inodeHard;

    public Long getByteHard() {
        return byteHard;
    }

    public void setByteHard(Long byteHard) {
        this.byteHard = byteHard;
    }

    public Long getInodeHard() {
        return inodeHard;
    }

    public void setInodeHard(Long inodeHard) {
        this.inodeHard = inodeHard;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DiskLimits)) {
            return false;
        }
        DiskLimits that = (DiskLimits) o;
        return Objects.equals(byteHard, that.byteHard)
                && Objects.equals(inodeHard, that.inodeHard);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byteHard, inodeHard);
    }

    @Override
    public String toString() {
        return "DiskLimits{" + "byteHard=" + byteHard + ", " + "inodeHard=" + inodeHard + "}";
    }
}
