package dev.allotment.node;

import java.util.HashSet;
import java.util.Set;

/** Test-only: makes named operations of a fake throw until switched off. */
public final class FailureSwitch {
    private final Set<String> failing = new HashSet<>();

    public synchronized void fail(String operation) {
        failing.add(operation);
    }

    public synchronized void heal() {
        failing.clear();
    }

    synchronized void check(String operation) {
        if (failing.contains(operation)) {
            throw new IllegalStateException("injected failure in " + operation);
        }
    }
}
