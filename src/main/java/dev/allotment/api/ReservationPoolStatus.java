package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReservationPoolStatus {
    @JsonPropertyDescription("The generation that this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("What the node can hold.")
    private PoolCounts capacity;

    @JsonPropertyDescription("What is in use.")
    private PoolCounts allocated;

    @JsonPropertyDescription("The effective pool configuration.")
    private PoolConfig config;

    @JsonPropertyDescription("The last start-up restore.")
    private RestoreResult lastRestore;

    @JsonPropertyDescription("The last sweep.")
    private SweepResult lastSweep;

    @JsonPropertyDescription("Ready when the agent has restored and is serving.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public PoolCounts getCapacity() {
        return capacity;
    }

    public void setCapacity(PoolCounts capacity) {
        this.capacity = capacity;
    }

    public PoolCounts getAllocated() {
        return allocated;
    }

    public void setAllocated(PoolCounts allocated) {
        this.allocated = allocated;
    }

    public PoolConfig getConfig() {
        return config;
    }

    public void setConfig(PoolConfig config) {
        this.config = config;
    }

    public RestoreResult getLastRestore() {
        return lastRestore;
    }

    public void setLastRestore(RestoreResult lastRestore) {
        this.lastRestore = lastRestore;
    }

    public SweepResult getLastSweep() {
        return lastSweep;
    }

    public void setLastSweep(SweepResult lastSweep) {
        this.lastSweep = lastSweep;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReservationPoolStatus)) {
            return false;
        }
        ReservationPoolStatus that = (ReservationPoolStatus) o;
        return Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(capacity, that.capacity)
                && Objects.equals(allocated, that.allocated)
                && Objects.equals(config, that.config)
                && Objects.equals(lastRestore, that.lastRestore)
                && Objects.equals(lastSweep, that.lastSweep)
                && Objects.equals(conditions, that.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, capacity, allocated, config, lastRestore, lastSweep, conditions);
    }

    @Override
    public String toString() {
        return "ReservationPoolStatus{" + "observedGeneration=" + observedGeneration + ", " + "capacity=" + capacity + ", " + "allocated=" + allocated + ", " + "config=" + config + ", " + "lastRestore=" + lastRestore + ", " + "lastSweep=" + lastSweep + ", " + "conditions=" + conditions + "}";
    }
}
