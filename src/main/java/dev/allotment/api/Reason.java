package dev.allotment.api;

/** The reasons the Ready condition can carry; part of the API contract. */
public enum Reason {
    Acquired,
    Restored,
    InvalidSpec,
    PoolExhausted,
    Conflict,
    Forbidden,
    AcquireFailed,
    Releasing;

    /** True when the spec can never be satisfied as written, so kstatus reports Stalled. */
    public boolean stalls() {
        return this == InvalidSpec || this == Forbidden;
    }
}
