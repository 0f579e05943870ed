package dev.allotment.node.rootfs;

import dev.allotment.node.exec.Command;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one {@code mount -t overlay} command of a rootfs. Its option string holds paths, so a path with a character that
 * mount(8) or overlayfs would read as a separator ({@code , : = \ "} or a control character) is refused rather than
 * escaped, and the whole string must fit in the single page that mount(2) copies.
 */
final class OverlayMount {
    static final int MAX_OPTIONS = 4000;

    private OverlayMount() {
    }

    /** The first character of {@code path} that cannot go in an overlay option, or null. */
    static String unsafeCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ',' || c == ':' || c == '=' || c == '\\' || c == '"' || c < 0x20 || c == 0x7f) {
                return c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
            }
        }
        return null;
    }

    /** {@code lowers} top first; every path agent-made or already checked with {@link #unsafeCharacter}. */
    static Command command(List<Path> lowers, Path upper, Path work, Path target) {
        if (lowers.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower directory");
        }
        for (Path p : lowers) {
            requireSafe(p);
        }
        requireSafe(upper);
        requireSafe(work);
        String options = "lowerdir=" + lowers.stream().map(Path::toString).collect(Collectors.joining(":"))
                + ",upperdir=" + upper + ",workdir=" + work;
        if (options.length() > MAX_OPTIONS) {
            throw new IllegalStateException("the overlay options for " + lowers.size() + " layers are "
                    + options.length() + " characters long; mount(2) takes at most about " + MAX_OPTIONS);
        }
        return Command.of("mount", "-t", "overlay", "overlay", "-o", options, target.toString());
    }

    private static void requireSafe(Path p) {
        String bad = unsafeCharacter(p.toString());
        if (bad != null) {
            throw new IllegalStateException("path " + p + " cannot go in an overlay mount option: it contains '" + bad
                    + "'");
        }
    }
}
