package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Limits {
    @JsonPropertyDescription("Disk quota on the reservation's writable layer. It may only grow.")
    private DiskLimits disk;

    public DiskLimits getDisk() {
        return disk;
    }

    public void setDisk(DiskLimits disk) {
        this.disk = disk;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Limits)) {
            return false;
        }
        Limits that = (Limits) o;
        return Objects.equals(disk, that.disk);
    }

    @Override
    public int hashCode() {
        return Objects.hash(disk);
    }

    @Override
    public String toString() {
        return "Limits{" + "disk=" + disk + "}";
    }
}
