package dev.allotment.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run the node agent (the DaemonSet entry point).")
final class AgentCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("allotment agent: not built yet");
        return Main.NOT_BUILT;
    }
}
