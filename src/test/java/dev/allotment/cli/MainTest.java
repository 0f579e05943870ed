package dev.allotment.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void helpListsTheAgentLocalAndCheckCommands() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).containsPattern("(?m)^\\s+agent\\s").containsPattern("(?m)^\\s+local\\s")
                .containsPattern("(?m)^\\s+check\\s");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        int exit = new CommandLine(new Main()).setErr(new PrintWriter(new StringWriter())).execute("frobnicate");
        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
