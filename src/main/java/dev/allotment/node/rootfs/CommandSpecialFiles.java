package dev.allotment.node.rootfs;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SpecialFiles} through the command runner: {@code mknod} (coreutils) and {@code setfattr} (Debian package
 * {@code attr}). Every path is absolute and agent-made, passed as its own argument after {@code --}.
 */
final class CommandSpecialFiles implements SpecialFiles {
    private static final int PATHS_PER_SETFATTR = 200;
    private final CommandRunner runner;

    CommandSpecialFiles(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public void whiteout(Path path) {
        runner.check(Command.of("mknod", "-m", "000", "--", absolute(path), "c", "0", "0"));
    }

    @Override
    public void opaque(List<Path> dirs) {
        for (int i = 0; i < dirs.size(); i += PATHS_PER_SETFATTR) {
            List<String> argv = new ArrayList<>(List.of("setfattr", "-h", "-n", "trusted.overlay.opaque", "-v", "y", "--"));
            dirs.subList(i, Math.min(dirs.size(), i + PATHS_PER_SETFATTR)).forEach(d -> argv.add(absolute(d)));
            runner.check(Command.of(argv));
        }
    }

    @Override
    public void fifo(Path path) {
        runner.check(Command.of("mknod", "-m", "600", "--", absolute(path), "p"));
    }

    private static String absolute(Path path) {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("not absolute: " + path);
        }
        return path.toString();
    }
}
