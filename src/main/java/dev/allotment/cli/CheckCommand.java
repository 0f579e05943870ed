package dev.allotment.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Audit this node for leaked kernel objects and dangling depot records.")
final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("allotment check: not built yet");
        return Main.NOT_BUILT;
    }
}
