package dev.allotment.node;

/** Lets crash tests stop the process at a named step of an acquire or release. A no-op in production. */
@FunctionalInterface
public interface FaultPoint {
    FaultPoint NONE = step -> {
    };

    void reached(String step);
}
