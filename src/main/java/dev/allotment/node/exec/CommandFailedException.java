package dev.allotment.node.exec;

/** A process that exited non-zero, timed out or could not start. Carries what it printed. */
public class CommandFailedException extends RuntimeException {
    private final transient Command command;
    private final CommandResult result;

    public CommandFailedException(Command command, CommandResult result, String why) {
        super("`" + command + "` " + why + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
        this.command = command;
        this.result = result;
    }

    public Command command() {
        return command;
    }

    public CommandResult result() {
        return result;
    }
}
