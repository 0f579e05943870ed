package dev.allotment.pool;

import dev.allotment.api.Reason;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Hands out host ports first-in first-out, so a released port goes to the back of the queue
 * and is not reused soon after by another container.
 */
public final class PortPool {
    private static final int HIGHEST_START_PLUS_SIZE = 65535;

    private final int start;
    private final int size;
    // Insertion order is the queue order; being a set, it can never hold a port twice.
    private final LinkedHashSet<Integer> free = new LinkedHashSet<>();
    private int lastAcquired;

    public PortPool(int start, int size) {
        this(start, size, start);
    }

    private PortPool(int start, int size, int offset) {
        if (start < 1) {
            throw new IllegalArgumentException("port range start " + start + " must be at least 1");
        }
        if (size < 1) {
            throw new IllegalArgumentException("port range size " + size + " must be at least 1");
        }
        if ((long) start + size > HIGHEST_START_PLUS_SIZE) {
            throw new IllegalArgumentException("port range start " + start + " + size " + size + " exceeds "
                    + HIGHEST_START_PLUS_SIZE);
        }
        this.start = start;
        this.size = size;
        // An offset outside the range means the range changed since the offset was exported; start afresh.
        int first = offset >= start && offset <= end() ? offset : start;
        for (int port = first; port <= end(); port++) {
            free.add(port);
        }
        for (int port = start; port < first; port++) {
            free.add(port);
        }
        this.lastAcquired = first - 1;
    }

    /** Ports 60000-64999, as garden. */
    public static PortPool defaults() {
        return new PortPool(60000, 5000);
    }

    /** A pool whose queue starts at {@code offset} (as exported by {@link #offset()}) and wraps round to {@code start}. */
    public static PortPool resumingAt(int start, int size, int offset) {
        return new PortPool(start, size, offset);
    }

    public int start() {
        return start;
    }

    /** The last port of the range, inclusive. */
    public int end() {
        return start + size - 1;
    }

    public synchronized int acquire() {
        Iterator<Integer> head = free.iterator();
        if (!head.hasNext()) {
            throw new PortPoolException(Reason.PoolExhausted, "host port pool " + start + "-" + end()
                    + " is exhausted: all " + size + " ports are in use");
        }
        int port = head.next();
        head.remove();
        lastAcquired = port;
        return port;
    }

    /** Returns a port to the back of the queue; ports outside the range or already free are ignored. */
    public synchronized void release(int port) {
        if (inRange(port)) {
            free.add(port);
        }
    }

    /** Claims a specific port: an explicitly requested host port, or one held by a restored container. */
    public synchronized void remove(int port) {
        if (!inRange(port)) {
            throw new PortPoolException(Reason.Forbidden, "host port " + port + " is outside the node's port range "
                    + start + "-" + end());
        }
        if (!free.remove(port)) {
            throw new PortPoolException(Reason.Conflict, "host port " + port + " is already acquired");
        }
    }

    /** The port the next acquire would hand out; export it so a restarted pool does not reuse recent ports. */
    public synchronized int offset() {
        if (free.isEmpty()) {
            return lastAcquired == end() ? start : lastAcquired + 1;
        }
        return free.iterator().next();
    }

    public int capacity() {
        return size;
    }

    public synchronized int inUse() {
        return size - free.size();
    }

    public synchronized boolean isFree(int port) {
        return free.contains(port);
    }

    private boolean inRange(int port) {
        return port >= start && port <= end();
    }
}
