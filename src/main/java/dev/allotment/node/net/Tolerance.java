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
    /** A delete of something that may be gone already. */
    ALREADY_GONE {
        @Override
        boolean accepts(String message) {
            return message.contains("Cannot find device") || message.contains("No such file or directory");
        }
    };

    abstract boolean accepts(String message);
}
