package dev.allotment.pool;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;

/** Which host UID a container's root runs as, and the matching uid_map. */
public final class UidMapping {
    /** The number of UIDs in the full 32-bit space except (uid_t) -1, which is not a UID. */
    private static final long ALL_UIDS = 4294967295L;

    private final long hostRootUid;
    private final long size;
    private final boolean allowPrivileged;

    public UidMapping(long hostRootUid, long size, boolean allowPrivileged) {
        if (hostRootUid <= 0) {
            throw new IllegalArgumentException("host root UID " + hostRootUid
                    + " must be above 0: unprivileged containers must not run as host root");
        }
        if (size < 1) {
            throw new IllegalArgumentException("UID range size " + size + " must be at least 1");
        }
        if (hostRootUid > ALL_UIDS - size) {
            throw new IllegalArgumentException("UID range " + hostRootUid + " + " + size + " goes beyond the last UID "
                    + (ALL_UIDS - 1));
        }
        this.hostRootUid = hostRootUid;
        this.size = size;
        this.allowPrivileged = allowPrivileged;
    }

    public long rootUid(boolean privileged) {
        if (!privileged) {
            return hostRootUid;
        }
        if (!allowPrivileged) {
            throw new ReservationException(Reason.Forbidden, "privileged reservations are not allowed on this node");
        }
        return 0;
    }

    /** The /proc/PID/uid_map content: "inside-start host-start count". */
    public String uidMap(boolean privileged) {
        long root = rootUid(privileged);
        return privileged ? "0 0 " + ALL_UIDS : "0 " + root + " " + size;
    }

    public long hostRootUid() {
        return hostRootUid;
    }

    public long size() {
        return size;
    }

    public boolean allowsPrivileged() {
        return allowPrivileged;
    }
}
