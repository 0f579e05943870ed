package dev.allotment.node.hooks;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.node.Hooks;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandFailedException;
import dev.allotment.node.exec.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the node admin's {@code setup}, {@code create} and {@code destroy} executables from one directory, through the
 * command runner with a timeout and the seed's environment. A missing script is skipped.
 */
public final class ScriptHooks implements Hooks {
    private final Path directory;
    private final Duration timeout;
    private final CommandRunner runner;

    public ScriptHooks(Path directory, Duration timeout, CommandRunner runner) {
        this.directory = directory;
        this.timeout = timeout;
        this.runner = runner;
    }

    @Override
    public void setUp() {
        run("setup", Map.of());
    }

    @Override
    public void create(Map<String, String> env) {
        run("create", env);
    }

    @Override
    public void destroy(Map<String, String> env) {
        run("destroy", env);
    }

    private void run(String hook, Map<String, String> env) {
        Path script = directory.resolve(hook);
        if (!Files.isRegularFile(script)) {
            return;
        }
        if (!Files.isExecutable(script)) {
            throw new ReservationException(Reason.AcquireFailed, hook + " hook " + script + " is not executable");
        }
        try {
            runner.check(new Command(List.of(script.toString()), null, env, timeout));
        } catch (CommandFailedException e) {
            throw new ReservationException(Reason.AcquireFailed, hook + " hook failed: " + e.getMessage(), e);
        }
    }
}
