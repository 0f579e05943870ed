package dev.allotment.node.firewall;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A closed range of transport ports. */
record PortRange(long first, long last) {
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

    PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is not within 0-65535");
        }
    }

    /** Parses {@code N} or {@code N-M}; anything else is refused. */
    static PortRange parse(String ports) {
        Matcher m = ports == null ? null : SYNTAX.matcher(ports);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("ports \"" + ports + "\" are not N or N-M");
        }
        long first = Long.parseLong(m.group(1));
        return new PortRange(first, m.group(2) == null ? first : Long.parseLong(m.group(2)));
    }

    static List<PortRange> merged(Collection<String> ports) {
        return Spans.merge(ports.stream().map(PortRange::parse).toList(), PortRange::first, PortRange::last,
                PortRange::new);
    }

    String render() {
        return first == last ? Long.toString(first) : first + "-" + last;
    }
}
