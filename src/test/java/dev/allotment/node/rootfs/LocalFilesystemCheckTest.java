package dev.allotment.node.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.BindMount;
import dev.allotment.api.BindMountMode;
import dev.allotment.api.BindMountOrigin;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.node.FilesystemPlan;
import dev.allotment.node.exec.FakeCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything {@code check} refuses, before it changes anything; and what needs no kernel. */
class LocalFilesystemCheckTest {
    private static final String ID = "0000000000a";

    @TempDir
    Path tmp;
    private Path images;
    private Path host;
    private Path depot;
    private Path cache;
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private LocalFilesystem fs;

    @BeforeEach
    void node() throws IOException {
        Path base = tmp.toRealPath();
        images = Files.createDirectories(base.resolve("images"));
        host = Files.createDirectories(base.resolve("host"));
        depot = base.resolve("depot");
        cache = base.resolve("cache");
        Files.createDirectories(images.resolve("busybox"));
        Files.createDirectories(host.resolve("data"));
        Files.createDirectories(base.resolve("secret"));
        new OciLayoutBuilder(images.resolve("oci")).image("v1", List.of("A=1"),
                new TarBuilder().file("a", "a", 0644).tarGz()).write();
        fs = new LocalFilesystem(new RootfsConfig(List.of(images), List.of(host), cache, new LoopImageQuota(runner),
                null), runner);
    }

    @Test
    void acceptsAValidPlanWithoutChangingAnything() {
        assertThatCode(() -> fs.check(plan("dir://" + images + "/busybox", 64L << 20,
                bind(host + "/data", "/mnt/data", BindMountOrigin.Host),
                bind("/etc", "/mnt/etc", BindMountOrigin.Container)))).doesNotThrowAnyException();
        assertThatCode(() -> fs.check(plan("oci://" + images + "/oci:v1", null))).doesNotThrowAnyException();

        assertThat(runner.commands()).isEmpty();
        assertThat(depot).doesNotExist();
        assertThat(cache).doesNotExist();
    }

    @Test
    void forbidsARootfsOutsideTheAllowedRoots() {
        assertRefused(plan("dir://" + tmp.toAbsolutePath() + "/secret", null), Reason.Forbidden, "spec.rootfs: ");
    }

    @Test
    void forbidsARootfsSymlinkedOutOfAnAllowedRoot() throws IOException {
        Files.createSymbolicLink(images.resolve("sneaky"), images.getParent().resolve("secret"));

        assertRefused(plan("dir://" + images + "/sneaky", null), Reason.Forbidden, "is not under");
    }

    @Test
    void forbidsARootfsThatOverlapsTheDepot() throws IOException {
        LocalFilesystem inside = new LocalFilesystem(new RootfsConfig(List.of(tmp.toRealPath()), List.of(), cache,
                new LoopImageQuota(runner), null), runner);
        Files.createDirectories(depot);

        assertThatThrownBy(() -> inside.check(plan("dir://" + depot, null))).isInstanceOf(ReservationException.class)
                .hasMessageContaining("overlaps this node's depot");
    }

    @Test
    void refusesAMissingRootfsDirectoryAndImage() {
        assertRefused(plan("dir://" + images + "/missing", null), Reason.InvalidSpec, "does not exist");
        assertRefused(plan("oci://" + images + "/oci:v2", null), Reason.InvalidSpec, "no manifest tagged 'v2'");
        assertRefused(plan("oci://" + images + "/busybox", null), Reason.InvalidSpec, "oci-layout is missing");
    }

    @Test
    void refusesARootfsPathThatWouldBreakTheOverlayOptions() throws IOException {
        Files.createDirectories(images.resolve("a,upperdir=x"));

        assertRefused(plan("dir://" + images + "/a,upperdir=x", null), Reason.InvalidSpec,
                "cannot go in an overlay mount option");
    }

    @Test
    void forbidsAHostBindSourceOutsideTheAllowedRootsNamingItsField() throws IOException {
        Files.createSymbolicLink(host.resolve("etc"), Path.of("/etc"));

        assertRefused(plan("dir://" + images + "/busybox", null, bind(host + "/data", "/a", BindMountOrigin.Host),
                bind("/etc", "/b", BindMountOrigin.Host)), Reason.Forbidden, "spec.bindMounts[1].srcPath: ");
        assertRefused(plan("dir://" + images + "/busybox", null, bind(host + "/etc", "/b", BindMountOrigin.Host)),
                Reason.Forbidden, "spec.bindMounts[0].srcPath: ");
    }

    @Test
    void refusesUnsafeDestinations() {
        String rootfs = "dir://" + images + "/busybox";
        assertRefused(plan(rootfs, null, bind("/etc", "/mnt/../../x", BindMountOrigin.Container)),
                Reason.InvalidSpec, "spec.bindMounts[0].dstPath: ");
        assertRefused(plan(rootfs, null, bind("/etc", "/", BindMountOrigin.Container)), Reason.InvalidSpec,
                "cannot mount over the root");
        assertRefused(plan(rootfs, null, bind("/etc", "/x", BindMountOrigin.Container),
                bind("/bin", "/x/", BindMountOrigin.Container)), Reason.InvalidSpec, "spec.bindMounts[1].dstPath: ");
        assertRefused(plan(rootfs, null, bind("etc", "/x", BindMountOrigin.Container)), Reason.InvalidSpec,
                "spec.bindMounts[0].srcPath: ");
    }

    @Test
    void refusesLimitsItCannotKeep() {
        String rootfs = "dir://" + images + "/busybox";
        assertRefused(plan(rootfs, 1L << 20), Reason.InvalidSpec, "spec.limits.disk.byteHard: ");
        FilesystemPlan inodesOnly = new FilesystemPlan(ID, depot.resolve(ID), rootfs, null, 100L, List.of(), "h",
                "10.0.0.2", 0);
        assertRefused(inodesOnly, Reason.InvalidSpec, "spec.limits.disk.inodeHard: ");
    }

    @Test
    void refusesAHostnameThatWouldInjectHostsLines() {
        FilesystemPlan plan = new FilesystemPlan(ID, depot.resolve(ID), "dir://" + images + "/busybox", null, null,
                List.of(), "h\n1.2.3.4 bank.example", "10.0.0.2", 0);

        assertRefused(plan, Reason.InvalidSpec, "hostname");
    }

    @Test
    void destroyOfAnEntryThatWasNeverMadeRunsNothing() {
        fs.destroy(ID, depot.resolve(ID));
        fs.destroy(ID, depot.resolve(ID));

        assertThat(runner.commands()).isEmpty();
        assertThat(fs.inventory(tmp).mounts()).isEmpty();
        assertThat(fs.inventory(tmp).loopDevices()).isEmpty();
    }

    @Test
    void refusesToAddADiskLimitAfterCreate() {
        assertRefused(() -> fs.grow(plan("dir://" + images + "/busybox", null), 64L << 20), Reason.InvalidSpec,
                "spec.limits.disk.byteHard: ");
    }

    private FilesystemPlan plan(String rootfs, Long byteHard, BindMount... mounts) {
        return new FilesystemPlan(ID, depot.resolve(ID), rootfs, byteHard, null, List.of(mounts), "box", "10.0.0.2",
                0);
    }

    static BindMount bind(String src, String dst, BindMountOrigin origin) {
        BindMount m = new BindMount();
        m.setSrcPath(src);
        m.setDstPath(dst);
        m.setOrigin(origin);
        m.setMode(BindMountMode.RO);
        return m;
    }

    private void assertRefused(FilesystemPlan plan, Reason reason, String message) {
        assertRefused(() -> fs.check(plan), reason, message);
        assertThat(runner.commands()).isEmpty();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason,
            String message) {
        assertThatThrownBy(call).isInstanceOf(ReservationException.class).hasMessageContaining(message)
                .extracting(e -> ((ReservationException) e).reason()).isEqualTo(reason);
    }
}
