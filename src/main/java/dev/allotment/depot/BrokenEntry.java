package dev.allotment.depot;

import java.nio.file.Path;

/**
 * A depot entry whose record cannot be used. The caller logs it and releases it.
 *
 * @param containerId the entry's directory name, which may not be a valid container ID
 * @param ownerUid    the owner UID that could still be read from the damaged record, or null
 */
public record BrokenEntry(String containerId, Path path, Problem problem, String message, String ownerUid) {

    public enum Problem {
        MISSING_RECORD,
        CORRUPT,
        UNKNOWN_VERSION,
        MISMATCHED_ID,
        INVALID_NAME
    }
}
