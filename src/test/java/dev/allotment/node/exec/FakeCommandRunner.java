package dev.allotment.node.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** Records every command; answers from scripted responses, else exit 0 with no output. Test-only. */
public final class FakeCommandRunner implements CommandRunner {
    private record Script(Predicate<Command> matches, Function<Command, CommandResult> answer) {
    }

    private final List<Command> commands = new ArrayList<>();
    private final List<Script> scripts = new ArrayList<>();

    @Override
    public synchronized CommandResult run(Command command) {
        commands.add(command);
        for (Script script : scripts) {
            if (script.matches().test(command)) {
                return script.answer().apply(command);
            }
        }
        return new CommandResult(0, "", "");
    }

    public synchronized FakeCommandRunner answer(Predicate<Command> matches, CommandResult result) {
        scripts.add(new Script(matches, c -> result));
        return this;
    }

    /** The failure switch: every matching command exits 1 with this stderr. */
    public synchronized FakeCommandRunner fail(Predicate<Command> matches, String stderr) {
        return answer(matches, new CommandResult(1, "", stderr));
    }

    public synchronized void reset() {
        scripts.clear();
        commands.clear();
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    public synchronized List<String> commandLines() {
        return commands.stream().map(Command::toString).toList();
    }

    public static Predicate<Command> startsWith(String... argv) {
        List<String> prefix = List.of(argv);
        return c -> c.argv().size() >= prefix.size() && c.argv().subList(0, prefix.size()).equals(prefix);
    }
}
