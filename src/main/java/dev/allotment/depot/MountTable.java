package dev.allotment.depot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mount points of this process's mount namespace. A bind mount from the same filesystem has the same
 * {@code unix:dev} as its parent, so only the mount table reveals it.
 */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final int MOUNT_POINT_FIELD = 4;
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private MountTable() {
    }

    /** An empty list where there is no /proc (not Linux); a failure to read it where there is one. */
    static List<Path> read() {
        if (!Files.exists(MOUNTINFO)) {
            return List.of();
        }
        try {
            return parse(new String(Files.readAllBytes(MOUNTINFO), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DepotException("cannot read " + MOUNTINFO + " to look for mounts", e);
        }
    }

    static List<Path> parse(String mountinfo) {
        List<Path> mountPoints = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > MOUNT_POINT_FIELD) {
                mountPoints.add(Path.of(unescape(fields[MOUNT_POINT_FIELD])));
            }
        }
        return mountPoints;
    }

    /** Decodes a mountinfo path field: the kernel writes space, tab, newline and backslash as \ooo escapes. */
    public static String unescape(String field) {
        Matcher m = OCTAL_ESCAPE.matcher(field);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
