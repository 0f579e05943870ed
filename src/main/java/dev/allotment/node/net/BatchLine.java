package dev.allotment.node.net;

/** One line of an {@code ip -batch} script, and the error it tolerates. */
record BatchLine(String text, Tolerance tolerance) {
    static BatchLine of(String... words) {
        return new BatchLine(String.join(" ", words), Tolerance.NONE);
    }

    static BatchLine unlessExists(String... words) {
        return new BatchLine(String.join(" ", words), Tolerance.ALREADY_EXISTS);
    }

    static BatchLine unlessLeftOver(String... words) {
        return new BatchLine(String.join(" ", words), Tolerance.LEFT_OVER);
    }

    static BatchLine unlessGone(String... words) {
        return new BatchLine(String.join(" ", words), Tolerance.ALREADY_GONE);
    }

    static BatchLine unlessAbsent(String... words) {
        return new BatchLine(String.join(" ", words), Tolerance.ABSENT);
    }

    @Override
    public String toString() {
        return text;
    }
}
