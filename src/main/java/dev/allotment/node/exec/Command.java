package dev.allotment.node.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process to run: an argument vector (never a shell string), optional stdin, extra environment and a timeout.
 */
public record Command(List<String> argv, String stdin, Map<String, String> env, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null, Map.of(), DEFAULT_TIMEOUT);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, null, Map.of(), DEFAULT_TIMEOUT);
    }

    public Command withStdin(String input) {
        return new Command(argv, input, env, timeout);
    }

    public Command withEnv(Map<String, String> extra) {
        return new Command(argv, stdin, extra, timeout);
    }

    public Command withTimeout(Duration limit) {
        return new Command(argv, stdin, env, limit);
    }

    public String program() {
        return argv.get(0);
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
