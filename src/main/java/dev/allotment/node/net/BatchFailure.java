package dev.allotment.node.net;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One failed line of an {@code ip -force -batch} run, with the error ip printed before naming it. */
record BatchFailure(int lineNumber, BatchLine line, String message) {
    private static final Pattern MARKER = Pattern.compile("Command failed .*:(\\d+)");

    boolean tolerated() {
        return line.tolerance().accepts(message);
    }

    /** A tolerated create that met an object left from before, which the caller must observe and repair. */
    boolean leftOver() {
        return line.tolerance() == Tolerance.LEFT_OVER && tolerated();
    }

    String describe() {
        return "`" + line.text() + "` failed: " + (message.isEmpty() ? "(no message)" : message);
    }

    /** ip prints each failed line's error, then "Command failed -:N" with its 1-based line number. */
    static List<BatchFailure> parse(String stderr, List<BatchLine> lines) {
        List<BatchFailure> failures = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String text : stderr.split("\n")) {
            Matcher marker = MARKER.matcher(text.strip());
            if (marker.matches()) {
                int number = Integer.parseInt(marker.group(1));
                BatchLine line = number >= 1 && number <= lines.size() ? lines.get(number - 1)
                        : BatchLine.of("line " + number);
                failures.add(new BatchFailure(number, line, pending.toString().strip()));
                pending.setLength(0);
            } else if (!text.isBlank()) {
                pending.append(pending.length() == 0 ? "" : " / ").append(text.strip());
            }
        }
        return failures;
    }
}
