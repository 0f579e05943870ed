package dev.allotment.node.rootfs;

import static dev.allotment.node.exec.FakeCommandRunner.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.ReservationException;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandFailedException;
import dev.allotment.node.exec.FakeCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XfsProjectQuotaTest {
    private static final String ID = "0123456789a";

    @TempDir
    Path tmp;
    private Path entry;
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private XfsProjectQuota quota;
    private long project;

    @BeforeEach
    void setUp() throws IOException {
        entry = Files.createDirectories(tmp.resolve("depot").resolve(ID)).toRealPath();
        quota = new XfsProjectQuota(runner, Path.of("/var/lib/allotment"));
        project = XfsProjectQuota.projectId(ID);
    }

    @Test
    void projectIdsAreDeterministicNonZeroAndClearOfHandMadeOnes() {
        assertThat(XfsProjectQuota.projectId(ID)).isEqualTo(project);
        assertThat(XfsProjectQuota.projectId("0123456789b")).isNotEqualTo(project);
        for (String id : List.of("00000000000", "vvvvvvvvvvv", "a", ID)) {
            assertThat(XfsProjectQuota.projectId(id)).isBetween(XfsProjectQuota.FIRST_ID, (1L << 31) - 1);
        }
    }

    @Test
    void ensureSetsUpTheProjectThenItsLimitsAsSingleArguments() {
        QuotaBackend.WritableLayer layer = quota.ensure(ID, entry, 1L << 30, 10_000L);

        assertThat(runner.commands()).extracting(Command::argv).containsExactly(
                List.of("xfs_quota", "-x", "-c", "project -s -p " + entry.resolve("rw") + " " + project,
                        "/var/lib/allotment"),
                List.of("xfs_quota", "-x", "-c", "limit -p bhard=1073741824 ihard=10000 " + project,
                        "/var/lib/allotment"));
        assertThat(layer.upper()).isEqualTo(entry.resolve("rw/upper")).isDirectory();
        assertThat(layer.work()).isEqualTo(entry.resolve("rw/work")).isDirectory();
        assertThat(layer.image()).isNull();
        assertThat(quota.isIntact(entry, Set.of())).isTrue();
    }

    @Test
    void aRepeatedEnsureRunsNoProcess() {
        quota.ensure(ID, entry, 1L << 30, null);
        runner.reset();

        quota.ensure(ID, entry, 1L << 30, null);

        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void growSetsTheNewLimitAndRefusesToShrink() {
        quota.ensure(ID, entry, 1L << 30, null);
        runner.reset();

        quota.grow(ID, entry, 2L << 30);

        assertThat(runner.commandLines()).containsExactly(
                "xfs_quota -x -c limit -p bhard=2147483648 " + project + " /var/lib/allotment");
        assertThatThrownBy(() -> quota.grow(ID, entry, 1L << 20)).isInstanceOf(ReservationException.class)
                .hasMessageContaining("spec.limits.disk.byteHard").hasMessageContaining("cannot shrink");
    }

    @Test
    void releaseClearsTheLimitsOnceAndIsIdempotent() {
        quota.ensure(ID, entry, 1L << 30, 500L);
        runner.reset();

        quota.release(ID, entry);
        quota.release(ID, entry);

        assertThat(runner.commandLines()).containsExactly(
                "xfs_quota -x -c limit -p bsoft=0 bhard=0 isoft=0 ihard=0 " + project + " /var/lib/allotment");
        assertThat(quota.isIntact(entry, Set.of())).isFalse();
    }

    @Test
    void releaseOfAnEntryThatNeverHadAQuotaRunsNothing() {
        quota.release(ID, tmp.resolve("never-made"));

        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void aFailedLimitIsRetriedByTheNextEnsure() {
        runner.fail(startsWith("xfs_quota", "-x", "-c"), "xfs_quota: cannot set limits: Invalid argument");

        assertThatThrownBy(() -> quota.ensure(ID, entry, 1L << 30, null)).isInstanceOf(CommandFailedException.class);
        runner.reset();
        quota.ensure(ID, entry, 1L << 30, null);

        assertThat(runner.commands()).hasSize(2);
    }

    @Test
    void refusesPathsThatWouldSplitTheXfsQuotaCommand() {
        Path spaced = tmp.resolve("with space");

        assertThatThrownBy(() -> quota.ensure(ID, spaced, 1L << 30, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot go in an xfs_quota command");
        assertThatThrownBy(() -> new XfsProjectQuota(runner, Path.of("/mnt/x'; rm -rf /")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(runner.commands()).isEmpty();
    }
}
