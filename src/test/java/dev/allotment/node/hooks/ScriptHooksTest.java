package dev.allotment.node.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.node.exec.ExecCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptHooksTest {
    @TempDir
    Path hooks;

    private ScriptHooks scriptHooks() {
        return new ScriptHooks(hooks, Duration.ofSeconds(10), new ExecCommandRunner());
    }

    private void script(String name, String body) throws IOException {
        Path script = hooks.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void runsTheCreateHookWithTheSeedEnvironment() throws IOException {
        Path out = hooks.resolve("out");
        script("create", "echo \"$id $network_container_ip $bridge_iface\" > " + out);
        scriptHooks().create(Map.of("id", "abc", "network_container_ip", "10.254.0.2", "bridge_iface", "albr0afe0000"));
        assertThat(Files.readString(out)).isEqualTo("abc 10.254.0.2 albr0afe0000\n");
    }

    @Test
    void skipsAMissingHook() {
        scriptHooks().setUp();
        scriptHooks().destroy(Map.of("id", "abc"));
    }

    @Test
    void aFailingHookFailsWithItsStderr() throws IOException {
        script("create", "echo 'no capacity on the SAN' >&2; exit 4");
        assertThatThrownBy(() -> scriptHooks().create(Map.of("id", "abc")))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AcquireFailed))
                .hasMessageContaining("create hook failed").hasMessageContaining("no capacity on the SAN");
    }

    @Test
    void aHookThatHangsIsKilledAtItsTimeout() throws IOException {
        script("destroy", "exec sleep 30");
        ScriptHooks quick = new ScriptHooks(hooks, Duration.ofMillis(200), new ExecCommandRunner());
        assertThatThrownBy(() -> quick.destroy(Map.of())).hasMessageContaining("timed out");
    }

    @Test
    void refusesAHookThatIsNotExecutable() throws IOException {
        Files.writeString(hooks.resolve("setup"), "#!/bin/sh\n");
        assertThatThrownBy(() -> scriptHooks().setUp()).hasMessageContaining("is not executable");
    }
}
