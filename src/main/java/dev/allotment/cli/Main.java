package dev.allotment.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "allotment", mixinStandardHelpOptions = true, version = "allotment 0.1.0",
        description = "Kubernetes node agent that turns ContainerReservations into node-local resources.",
        subcommands = {AgentCommand.class, LocalCommand.class, CheckCommand.class})
public final class Main implements Runnable {
    static final int NOT_BUILT = 2;
    static final int BAD_CONFIG = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
