package dev.allotment.node.net;

/** Which error a batch line may meet without that being a failure. */
enum Tolerance {
    NONE {
        @Override
        boolean accepts(String message) {
            return false;
        }
    },
    /** A create that someone else (a concurrent ensure of an equal subnet) may have done first. */
    ALREADY_EXISTS {
        @Override
        boolean accepts(String message) {
            return message.contains("File exists");
        }
    },
    /**
     * A create, in the attempt that assumes a fresh reservation, of an object that may be left from before: a host
     * end whose namespace was deleted but is still held or not yet cleaned up, or a namespace made meanwhile. Not a
     * failure, but the caller then observes the plan's objects and repairs them.
     */
    LEFT_OVER {
        @Override
        boolean accepts(String message) {
            return message.contains("File exists");
        }
    },
    /** A delete of something that may be gone already. */
    ALREADY_GONE {
        @Override
        boolean accepts(String message) {
            return message.contains("Cannot find device") || message.contains("No such file or directory");
        }
    },
    /** A query of one device, which may not exist. */
    ABSENT {
        @Override
        boolean accepts(String message) {
            return message.contains("does not exist");
        }
    };

    abstract boolean accepts(String message);
}
