package dev.allotment.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true, description = "Run an embedded API server and simulated node agents on this machine.")
final class LocalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("allotment local: not built yet");
        return Main.NOT_BUILT;
    }
}
