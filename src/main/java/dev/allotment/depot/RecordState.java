package dev.allotment.depot;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The two-phase checkpoint of a depot record. */
public enum RecordState {
    /** Written with the planned allocation before the first kernel change. */
    @JsonProperty("acquiring")
    ACQUIRING,
    /** Written after the last kernel change of an acquire. */
    @JsonProperty("ready")
    READY,
    /** Written before teardown starts. */
    @JsonProperty("releasing")
    RELEASING
}
