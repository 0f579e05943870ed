package dev.allotment.node.net;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/** Passes every command to a real runner and remembers it, so a test can count processes. */
final class RecordingRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final List<Command> commands = new ArrayList<>();

    RecordingRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(Command command) {
        synchronized (this) {
            commands.add(command);
        }
        return delegate.run(command);
    }

    synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    synchronized void clear() {
        commands.clear();
    }
}
