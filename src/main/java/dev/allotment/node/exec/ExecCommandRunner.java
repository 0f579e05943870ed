package dev.allotment.node.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one {@link CommandRunner} that starts real processes, on commons-exec. */
public final class ExecCommandRunner implements CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExecCommandRunner.class);
    private static final int TIMED_OUT = -1;

    private final Map<String, String> baseEnv;

    public ExecCommandRunner() {
        this(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C"));
    }

    public ExecCommandRunner(Map<String, String> baseEnv) {
        this.baseEnv = Map.copyOf(baseEnv);
    }

    @Override
    public CommandResult run(Command command) {
        CommandLine line = new CommandLine(command.program());
        // handleQuoting=false: each argument reaches the process exactly as given, never re-split or re-quoted.
        command.argv().stream().skip(1).forEach(arg -> line.addArgument(arg, false));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteArrayInputStream stdin = command.stdin() == null ? null
                : new ByteArrayInputStream(command.stdin().getBytes(StandardCharsets.UTF_8));
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(command.timeout()).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(stdout, stderr, stdin));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        Map<String, String> env = new HashMap<>(baseEnv);
        env.putAll(command.env());
        long started = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(line, env);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            CommandResult result = new CommandResult(127, "", String.valueOf(e.getMessage()));
            LOG.warn("command-failed cmd=\"{}\" error=\"{}\"", command, e.getMessage());
            throw new CommandFailedException(command, result, "could not start");
        }
        CommandResult result = new CommandResult(exit, stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (watchdog.killedProcess()) {
            LOG.warn("command-timed-out cmd=\"{}\" timeout={} stderr=\"{}\"", command, command.timeout(),
                    result.stderr().strip());
            throw new CommandFailedException(command, new CommandResult(TIMED_OUT, result.stdout(), result.stderr()),
                    "timed out after " + command.timeout().toMillis() + " ms");
        }
        if (exit != 0) {
            LOG.warn("command-failed cmd=\"{}\" exit={} ms={} stderr=\"{}\"", command, exit, millis,
                    result.stderr().strip());
        } else {
            LOG.debug("command-ran cmd=\"{}\" ms={}", command, millis);
        }
        return result;
    }
}
