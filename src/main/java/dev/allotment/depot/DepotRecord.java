package dev.allotment.depot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.allotment.api.ContainerReservationSpec;
import java.time.Instant;

/**
 * The content of {@code <depotDir>/<containerId>/reservation.json}: everything the agent acquired for one
 * reservation. Immutable: the spec snapshot is copied in and out. Any field may be null while the record is
 * {@link RecordState#ACQUIRING}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DepotRecord(
        int schemaVersion,
        String containerId,
        Owner owner,
        String handle,
        RecordState state,
        ContainerReservationSpec spec,
        Resources resources,
        Instant createdAt,
        Instant updatedAt) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public DepotRecord {
        spec = DepotJson.copy(spec);
    }

    /** The first phase of an acquire: the planned allocation, written before any kernel change. */
    public static DepotRecord acquiring(String containerId, Owner owner, String handle, ContainerReservationSpec spec,
            Resources resources, Instant now) {
        return new DepotRecord(CURRENT_SCHEMA_VERSION, containerId, owner, handle, RecordState.ACQUIRING, spec,
                resources, now, now);
    }

    @Override
    public ContainerReservationSpec spec() {
        return DepotJson.copy(spec);
    }

    public DepotRecord withState(RecordState newState, Instant now) {
        return new DepotRecord(schemaVersion, containerId, owner, handle, newState, spec, resources, createdAt, now);
    }

    public DepotRecord withResources(Resources newResources, Instant now) {
        return new DepotRecord(schemaVersion, containerId, owner, handle, state, spec, newResources, createdAt, now);
    }

    public DepotRecord withSpec(ContainerReservationSpec newSpec, Instant now) {
        return new DepotRecord(schemaVersion, containerId, owner, handle, state, newSpec, resources, createdAt, now);
    }

    public DepotRecord withOwner(Owner newOwner, Instant now) {
        return new DepotRecord(schemaVersion, containerId, newOwner, handle, state, spec, resources, createdAt, now);
    }

    public DepotRecord withUpdatedAt(Instant now) {
        return new DepotRecord(schemaVersion, containerId, owner, handle, state, spec, resources, createdAt, now);
    }

    String ownerUid() {
        return owner == null ? null : owner.uid();
    }
}
