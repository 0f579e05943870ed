package dev.allotment.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecCommandRunnerTest {
    private final ExecCommandRunner runner = new ExecCommandRunner();

    @Test
    void passesEachArgumentVerbatimWithoutAShell() {
        String hostile = "$(touch /tmp/pwned); `id` | cat > x; 'a b' \"c\"";
        CommandResult result = runner.check(Command.of("printf", "%s|%s", hostile, "two words"));
        assertThat(result.stdout()).isEqualTo(hostile + "|two words");
    }

    @Test
    void feedsStdinToTheProcess() {
        assertThat(runner.check(Command.of("cat").withStdin("line one\nline two\n")).stdout())
                .isEqualTo("line one\nline two\n");
    }

    @Test
    void returnsTheExitCodeAndStderrOfAFailure() {
        CommandResult result = runner.run(Command.of("sh", "-c", "echo oops >&2; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThatThrownBy(() -> runner.check(Command.of("sh", "-c", "echo oops >&2; exit 3")))
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("exited 3").hasMessageContaining("oops");
    }

    @Test
    void killsAProcessThatOutlivesItsTimeout() {
        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(200))))
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("timed out");
    }

    @Test
    void reportsAProgramThatCannotStart() {
        assertThatThrownBy(() -> runner.run(Command.of("/nonexistent/program")))
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("could not start");
    }

    @Test
    void passesOnlyTheGivenEnvironment() {
        String out = runner.check(Command.of("env").withEnv(Map.of("id", "abc123"))).stdout();
        assertThat(out).contains("id=abc123\n").contains("PATH=").doesNotContain("HOME=");
    }
}
