package dev.allotment.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allotment.depot.Depot;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills an agent process at each step of an acquire and of a release, then restores a new NodePool from the depot:
 * nothing may leak and no record may dangle.
 */
@Privileged
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePoolCrashIT {
    static final String EXTERNAL_IP = "10.96.8.1";
    static final FirewallPolicy POLICY = new FirewallPolicy(List.of(), List.of("10.98.0.0/16"));

    private final String prefix = Privileged.Support.uniquePrefix();
    private final ExecCommandRunner runner = new ExecCommandRunner();
    private Path work;

    @BeforeAll
    void setUp() throws IOException {
        Privileged.Support.requireRoot();
        work = Files.createTempDirectory("allotment-crash-" + prefix);
        Files.createDirectories(work.resolve("images/base/etc"));
        runner.check(Command.of("ip", "link", "add", prefix + "ext", "type", "bridge"));
        runner.check(Command.of("ip", "addr", "add", EXTERNAL_IP + "/32", "dev", prefix + "ext"));
        runner.check(Command.of("ip", "link", "set", prefix + "ext", "up"));
    }

    @AfterAll
    void tearDown() {
        RealNode node = new RealNode(prefix, work, EXTERNAL_IP, POLICY, FaultPoint.NONE);
        node.firewall.tearDown();
        runner.run(Command.of("ip", "link", "del", prefix + "ext"));
        runner.run(Command.of("rm", "-rf", "--one-file-system", work.toString()));
        assertThat(KernelLeaks.find(prefix, work)).isEmpty();
    }

    @ParameterizedTest(name = "crash at {0} during {1}")
    @CsvSource({"acquire-recorded,acquire", "network-ensured,acquire", "firewall-applied,acquire",
            "filesystem-ensured,acquire", "hooks-ran,acquire", "release-recorded,release"})
    void aRestartAfterACrashLeavesNoLeakAndNoRecord(String step, String operation) throws Exception {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingNode.class.getName(), prefix, work.toString(),
                step, operation)).redirectErrorStream(true).redirectOutput(work.resolve("child-" + step + ".log").toFile())
                .start();
        assertThat(child.waitFor(Duration.ofSeconds(120).toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .as("child finished").isTrue();
        assertThat(child.exitValue()).as("child halted at %s; see %s", step, work.resolve("child-" + step + ".log"))
                .isEqualTo(CrashingNode.HALTED);
        assertThat(new Depot(work.resolve("depot"), Clock.systemUTC()).load().records())
                .as("the crash left a record to roll back or finish").hasSize(1);

        RealNode restarted = new RealNode(prefix, work, EXTERNAL_IP, POLICY, FaultPoint.NONE);
        restarted.pool.setUp();
        RestoreReport report = restarted.pool.restore();
        restarted.awaitCleanup();

        assertThat(report.failures()).isEmpty();
        assertThat(restarted.pool.depot().records()).isEmpty();
        assertThat(KernelLeaks.find(prefix, restarted.depot))
                .allMatch(l -> l.startsWith("nft ") || l.equals("link " + prefix + "ext"));
        assertThat(restarted.firewall.inventory().containerIds()).isEmpty();
        assertThat(restarted.firewall.inventory().subnets()).isEmpty();
        assertThat(restarted.pool.usage().subnets()).isZero();
    }
}
