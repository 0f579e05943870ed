package dev.allotment.node.exec;

/** Every external process goes through this: argument vectors only, stdin, a timeout, logging on failure. */
public interface CommandRunner {
    /** Runs the command and returns its result whatever the exit code; throws only on timeout or failure to start. */
    CommandResult run(Command command);

    /** Runs the command and throws {@link CommandFailedException} unless it exits 0. */
    default CommandResult check(Command command) {
        CommandResult result = run(command);
        if (!result.succeeded()) {
            throw new CommandFailedException(command, result, "exited " + result.exitCode());
        }
        return result;
    }
}
