package dev.allotment.node.rootfs;

import static dev.allotment.node.rootfs.LocalFilesystemCheckTest.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.BindMount;
import dev.allotment.api.BindMountMode;
import dev.allotment.api.BindMountOrigin;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.node.FilesystemPlan;
import dev.allotment.node.FilesystemState;
import dev.allotment.node.KernelLeaks;
import dev.allotment.node.Privileged;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real thing, as root: overlay rootfs from a directory and from an OCI layout built here from busybox-static,
 * loop-image quota with ENOSPC and online growth, bind mounts, refused escapes, /etc files, a simulated reboot, and no
 * mount or loop device left behind.
 */
@Privileged
class LocalFilesystemIT {
    private static final long MIB = 1L << 20;
    private static final ExecCommandRunner RUNNER = new ExecCommandRunner();
    private static final AtomicInteger IDS = new AtomicInteger();

    private static Path base;
    private static Path depot;
    private static Path images;
    private static Path cache;
    private static Path host;
    private static Path secret;
    private static LocalFilesystem fs;
    private static String busybox;

    @BeforeAll
    static void node() throws IOException {
        Privileged.Support.requireRoot();
        base = Files.createTempDirectory(Path.of("/tmp"), "allotment-rootfs-it-").toRealPath();
        depot = Files.createDirectories(base.resolve("depot"));
        images = Files.createDirectories(base.resolve("images"));
        cache = base.resolve("cache");
        host = Files.createDirectories(base.resolve("host"));
        secret = Files.createDirectories(base.resolve("host-secret"));
        Files.writeString(Files.createDirectories(host.resolve("data")).resolve("readme"), "from host");
        Files.createDirectories(host.resolve("rw"));
        Files.writeString(host.resolve("file.conf"), "key=value\n");
        Files.writeString(secret.resolve("hosts"), "original host file\n");
        Files.writeString(secret.resolve("resolv.conf"), "nameserver 203.0.113.1\n");
        Path resolv = Files.writeString(base.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
        fs = new LocalFilesystem(new RootfsConfig(List.of(images), List.of(host), cache, new LoopImageQuota(RUNNER),
                resolv), RUNNER);

        Path plain = Files.createDirectories(images.resolve("plain"));
        Files.writeString(plain.resolve("hello.txt"), "hello");
        Files.createDirectories(plain.resolve("etc"));

        Path trap = Files.createDirectories(images.resolve("trap"));
        Files.createDirectories(trap.resolve("etc"));
        Files.createDirectories(trap.resolve("var/lib"));
        Files.createSymbolicLink(trap.resolve("escape"), Path.of("../../.."));
        Files.createSymbolicLink(trap.resolve("var/lib/up"), Path.of("../../../../../.."));
        Files.createSymbolicLink(trap.resolve("hostroot"), Path.of("/"));
        Files.createSymbolicLink(trap.resolve("etc/hosts"), secret.resolve("hosts"));
        Files.createSymbolicLink(trap.resolve("etc/resolv.conf"),
                Path.of("../../../../../../../.." + secret.resolve("resolv.conf")));

        byte[] layer1 = new TarBuilder().dir("bin", 0755).file("bin/busybox", Files.readAllBytes(
                Path.of("/usr/bin/busybox")), 0755).symlink("bin/sh", "busybox").dir("etc", 0755)
                .file("etc/doomed", "bye", 0644).file("etc/keep", "kept", 0644).dir("opt/app", 0755)
                .file("opt/app/old", "old", 0644).dir("tmp", 01777).tarGz();
        byte[] layer2 = new TarBuilder().dir("etc", 0755).file("etc/.wh.doomed", "", 0644)
                .file("etc/motd", "layer two", 0644).dir("opt/app", 0755).file("opt/app/.wh..wh..opq", "", 0644)
                .file("opt/app/new", "new", 0644).tarGz();
        new OciLayoutBuilder(images.resolve("busybox")).image("1.36", List.of("PATH=/bin", "GREETING=hi"), layer1,
                layer2).write();
        busybox = "oci://" + images.resolve("busybox") + ":1.36";
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (base == null) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(depot)) {
            for (Path entry : entries) {
                try {
                    fs.destroy(entry.getFileName().toString(), entry);
                } catch (RuntimeException e) {
                    System.err.println("cleanup: " + e.getMessage());
                }
            }
        }
        unmountAndDetachUnder(base); // in case destroy itself is what broke
        List<String> leaks = KernelLeaks.find("zzz-unused", depot);
        if (leaks.isEmpty() && MountInfo.under(MountInfo.read(), base).isEmpty()) {
            TreeDeleter.delete(base);
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void aDirRootfsIsAnOverlayWhoseWritesGoToTheUpperDirOnly() throws IOException {
        FilesystemPlan plan = plan("dir://" + images.resolve("plain"), null);
        try {
            FilesystemState state = fs.ensure(plan);
            Path rootfs = state.rootfsPath();

            assertThat(rootfs).isEqualTo(entry(plan).resolve("rootfs"));
            assertThat(rootfs.resolve("hello.txt")).hasContent("hello");
            Files.writeString(rootfs.resolve("new.txt"), "new");
            Files.writeString(rootfs.resolve("hello.txt"), "changed");
            assertThat(entry(plan).resolve("upper/new.txt")).hasContent("new");
            assertThat(images.resolve("plain/new.txt")).doesNotExist();
            assertThat(images.resolve("plain/hello.txt")).hasContent("hello");
            assertThat(state.layers()).isEmpty();
            assertThat(state.imageEnv()).isEmpty();
            assertThat(state.quotaBackend()).isNull();
            assertThat(fs.isIntact(plan)).isTrue();

            fs.ensure(plan);
            assertThat(MountInfo.under(MountInfo.read(), entry(plan))).hasSize(1);
            assertThat(fs.inventory(depot).mounts()).containsExactly(rootfs);
        } finally {
            destroyAndCheck(plan);
        }
        assertThat(fs.isIntact(plan)).isFalse();
    }

    @Test
    void anOciRootfsShowsTheMergedLayersWithWhiteoutsApplied() throws Exception {
        FilesystemPlan first = plan(busybox, null);
        FilesystemPlan second = plan(busybox, null);
        try {
            CompletableFuture<FilesystemState> a = CompletableFuture.supplyAsync(() -> fs.ensure(first));
            CompletableFuture<FilesystemState> b = CompletableFuture.supplyAsync(() -> fs.ensure(second));
            FilesystemState state = a.get();
            b.get();
            Path rootfs = state.rootfsPath();

            assertThat(Files.isExecutable(rootfs.resolve("bin/busybox"))).isTrue();
            assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
            assertThat(rootfs.resolve("etc/doomed")).doesNotExist();
            assertThat(rootfs.resolve("etc/keep")).hasContent("kept");
            assertThat(rootfs.resolve("etc/motd")).hasContent("layer two");
            assertThat(rootfs.resolve("opt/app/old")).doesNotExist();
            assertThat(rootfs.resolve("opt/app/new")).hasContent("new");
            assertThat((Integer) Files.getAttribute(rootfs.resolve("tmp"), "unix:mode") & 07777).isEqualTo(01777);
            assertThat(state.imageEnv()).containsExactly("PATH=/bin", "GREETING=hi");
            assertThat(state.layers()).hasSize(2).allMatch(l -> l.matches("sha256:[a-f0-9]{64}"));
            String hostname = RUNNER.check(Command.of("chroot", rootfs.toString(), "/bin/busybox", "cat",
                    "/etc/hostname")).stdout();
            assertThat(hostname).isEqualTo(first.hostname() + "\n");
            try (Stream<Path> layers = Files.list(cache.resolve("sha256"))) {
                assertThat(layers.map(p -> "sha256:" + p.getFileName())).containsAll(state.layers());
            }
            try (Stream<Path> leftovers = Files.list(cache.resolve("tmp"))) {
                assertThat(leftovers).isEmpty();
            }
        } finally {
            destroyAndCheck(first);
            destroyAndCheck(second);
        }
        assertThat(fs.collectLayers(Set.of())).isGreaterThanOrEqualTo(2);
        try (Stream<Path> layers = Files.list(cache.resolve("sha256"))) {
            assertThat(layers).isEmpty();
        }
    }

    @Test
    void theDiskLimitEndsInEnospcAndGrowsOnline() throws IOException {
        FilesystemPlan plan = plan("dir://" + images.resolve("plain"), 16 * MIB);
        try {
            FilesystemState state = fs.ensure(plan);
            Path big = state.rootfsPath().resolve("big");

            assertThat(state.quotaBackend()).isEqualTo(LoopImageQuota.NAME);
            assertThat(state.quotaImage()).isEqualTo(entry(plan).resolve("disk.img"));
            assertThat(Files.size(state.quotaImage())).isEqualTo(16 * MIB);
            assertThatThrownBy(() -> write(big, 32 * MIB)).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");
            Files.delete(big);

            fs.grow(plan, 64 * MIB);

            write(big, 32 * MIB);
            assertThat(Files.size(big)).isEqualTo(32 * MIB);
            assertThat(Files.size(state.quotaImage())).isEqualTo(64 * MIB);
            assertThat(fs.isIntact(plan)).isTrue();
            assertThatThrownBy(() -> fs.grow(plan, 32 * MIB)).isInstanceOf(ReservationException.class)
                    .hasMessageContaining("cannot shrink");
        } finally {
            destroyAndCheck(plan);
        }
    }

    @Test
    void bindMountsAreReadOnlyOrReadWriteAsAsked() throws IOException {
        BindMount rw = bind(host + "/rw", "/mnt/rw", BindMountOrigin.Host);
        rw.setMode(BindMountMode.RW);
        FilesystemPlan plan = plan(busybox, null, bind(host + "/data", "/mnt/ro", BindMountOrigin.Host), rw,
                bind("/etc", "/mnt/etc-view", BindMountOrigin.Container),
                bind(host + "/file.conf", "/etc/extra.conf", BindMountOrigin.Host));
        try {
            Path rootfs = fs.ensure(plan).rootfsPath();

            assertThat(rootfs.resolve("mnt/ro/readme")).hasContent("from host");
            assertThatThrownBy(() -> Files.writeString(rootfs.resolve("mnt/ro/x"), "x"))
                    .isInstanceOf(IOException.class).hasMessageContaining("Read-only file system");
            Files.writeString(rootfs.resolve("mnt/rw/x"), "written inside");
            assertThat(host.resolve("rw/x")).hasContent("written inside");
            assertThat(rootfs.resolve("mnt/etc-view/keep")).hasContent("kept");
            assertThat(rootfs.resolve("etc/extra.conf")).hasContent("key=value\n");
            assertThat(fs.isIntact(plan)).isTrue();

            RUNNER.check(Command.of("umount", rootfs.resolve("mnt/rw").toString()));
            assertThat(fs.isIntact(plan)).isFalse();
            fs.ensure(plan);
            assertThat(fs.isIntact(plan)).isTrue();
        } finally {
            destroyAndCheck(plan);
        }
        assertThat(host.resolve("data/readme")).hasContent("from host");
        assertThat(host.resolve("rw/x")).hasContent("written inside");
    }

    @Test
    void aDestinationThroughAnImageSymlinkThatClimbsOutIsRefusedAndNothingLandsOnTheHost() throws IOException {
        String trap = "dir://" + images.resolve("trap");
        int n = IDS.get();
        List<FilesystemPlan> refused = List.of(
                plan(trap, null, bind(host + "/data", "/escape/tmp/allotment-pwned-" + n, BindMountOrigin.Host)),
                plan(trap, null, bind(host + "/data", "/var/lib/up/tmp/allotment-pwned-" + n, BindMountOrigin.Host)),
                plan(trap, null, bind("/escape/etc", "/mnt", BindMountOrigin.Container)));
        List<String> fields = List.of("spec.bindMounts[0].dstPath", "spec.bindMounts[0].dstPath",
                "spec.bindMounts[0].srcPath");
        Set<Path> mountsBefore = mountPointsOutside(depot);
        try {
            for (int i = 0; i < refused.size(); i++) {
                FilesystemPlan plan = refused.get(i);
                assertThatThrownBy(() -> fs.ensure(plan)).isInstanceOf(ReservationException.class)
                        .hasMessageStartingWith(fields.get(i) + ": ").hasMessageContaining("escapes the rootfs")
                        .extracting(e -> ((ReservationException) e).reason()).isEqualTo(Reason.InvalidSpec);
            }
            assertThat(Path.of("/tmp/allotment-pwned-" + n)).doesNotExist();
            assertThat(mountPointsOutside(depot)).isEqualTo(mountsBefore);
        } finally {
            for (FilesystemPlan plan : refused) {
                destroyAndCheck(plan);
            }
        }
    }

    @Test
    void anAbsoluteImageSymlinkToSlashStaysInsideTheRootfs() throws IOException {
        String name = "allotment-it-" + IDS.get();
        FilesystemPlan plan = plan("dir://" + images.resolve("trap"), null,
                bind(host + "/data", "/hostroot/" + name, BindMountOrigin.Host));
        Set<Path> mountsBefore = mountPointsOutside(depot);
        try {
            Path rootfs = fs.ensure(plan).rootfsPath();

            assertThat(rootfs.resolve(name).resolve("readme")).hasContent("from host");
            assertThat(Path.of("/", name)).doesNotExist();
            assertThat(mountPointsOutside(depot)).isEqualTo(mountsBefore);
        } finally {
            destroyAndCheck(plan);
        }
    }

    @Test
    void etcFilesReplaceImageSymlinksInsteadOfWritingThroughThemAndSurviveARestore() throws IOException {
        FilesystemPlan plan = plan("dir://" + images.resolve("trap"), null);
        try {
            Path rootfs = fs.ensure(plan).rootfsPath();
            Path hosts = rootfs.resolve("etc/hosts");

            assertThat(secret.resolve("hosts")).hasContent("original host file");
            assertThat(secret.resolve("resolv.conf")).hasContent("nameserver 203.0.113.1");
            assertThat(Files.isSymbolicLink(hosts)).isFalse();
            assertThat(Files.readString(hosts)).contains("127.0.0.1\tlocalhost")
                    .contains(plan.ip() + "\t" + plan.hostname());
            assertThat(rootfs.resolve("etc/resolv.conf")).hasContent("nameserver 192.0.2.53");
            assertThat(rootfs.resolve("etc/hostname")).hasContent(plan.hostname());

            Files.writeString(hosts, "written by the container\n");
            reboot(plan);
            fs.ensure(plan);
            assertThat(hosts).hasContent("written by the container");
        } finally {
            destroyAndCheck(plan);
        }
    }

    @Test
    void afterARebootEnsureRemountsTheSameWritableLayerWithItsData() throws IOException {
        FilesystemPlan plan = plan(busybox, 16 * MIB, bind(host + "/data", "/mnt/data", BindMountOrigin.Host));
        try {
            Path rootfs = fs.ensure(plan).rootfsPath();
            Files.writeString(rootfs.resolve("data.txt"), "survives");
            Files.delete(rootfs.resolve("etc/keep"));

            reboot(plan);
            assertThat(fs.isIntact(plan)).isFalse();
            assertThat(fs.inventory(depot).mounts()).isEmpty();
            assertThat(fs.inventory(depot).loopDevices()).isEmpty();

            FilesystemState state = fs.ensure(plan);
            assertThat(state.rootfsPath().resolve("data.txt")).hasContent("survives");
            assertThat(state.rootfsPath().resolve("etc/keep")).doesNotExist();
            assertThat(state.rootfsPath().resolve("mnt/data/readme")).hasContent("from host");
            assertThat(fs.isIntact(plan)).isTrue();
            assertThat(fs.inventory(depot).loopDevices()).hasSize(1);
        } finally {
            destroyAndCheck(plan);
        }
    }

    @Test
    void aRestoreMountsTheLayersItWasCreatedWithEvenAfterTheTagMoved() throws IOException {
        Path layout = images.resolve("retagged");
        new OciLayoutBuilder(layout).image("v", List.of("V=1"),
                new TarBuilder().file("version", "1", 0644).tarGz()).write();
        FilesystemPlan old = plan("oci://" + layout + ":v", null);
        FilesystemPlan fresh = plan("oci://" + layout + ":v", null);
        try {
            fs.ensure(old);
            reboot(old);
            Files.delete(layout.resolve("index.json"));
            new OciLayoutBuilder(layout).image("v", List.of("V=2"),
                    new TarBuilder().file("version", "2", 0644).tarGz()).write();

            FilesystemState restored = fs.ensure(old);
            FilesystemState created = fs.ensure(fresh);

            assertThat(restored.rootfsPath().resolve("version")).hasContent("1");
            assertThat(restored.imageEnv()).containsExactly("V=1");
            assertThat(created.rootfsPath().resolve("version")).hasContent("2");
        } finally {
            destroyAndCheck(old);
            destroyAndCheck(fresh);
        }
    }

    @Test
    void destroyCleansAHalfMadeEntryAndIsIdempotent() throws IOException {
        FilesystemPlan quotaOnly = plan("dir://" + images.resolve("plain"), 16 * MIB);
        Files.createDirectories(quotaOnly.entryDir());
        new LoopImageQuota(RUNNER).ensure(quotaOnly.containerId(), entry(quotaOnly), 16 * MIB, null);
        FilesystemPlan failed = plan("dir://" + images.resolve("plain"), 16 * MIB,
                bind("/missing", "/mnt", BindMountOrigin.Container));
        assertThatThrownBy(() -> fs.ensure(failed)).isInstanceOf(ReservationException.class)
                .hasMessageContaining("does not exist in the rootfs");
        assertThat(MountInfo.under(MountInfo.read(), entry(failed))).hasSize(2);

        destroyAndCheck(quotaOnly);
        destroyAndCheck(failed);
        destroyAndCheck(failed);
    }

    private static FilesystemPlan plan(String rootfs, Long byteHard, BindMount... mounts) {
        int n = IDS.incrementAndGet();
        String id = String.format("zzrootfs%03d", n);
        return new FilesystemPlan(id, depot.resolve(id), rootfs, byteHard, null, List.of(mounts), "box-" + n,
                "10.254.0." + (2 + 4 * n), 0);
    }

    private static Path entry(FilesystemPlan plan) throws IOException {
        return plan.entryDir().toRealPath();
    }

    private static void destroyAndCheck(FilesystemPlan plan) {
        fs.destroy(plan.containerId(), plan.entryDir());
        assertThat(KernelLeaks.find("zzz-unused", plan.entryDir())).isEmpty();
    }

    /** What a reboot does to an entry: every mount under it gone, its loop devices detached. */
    private static void reboot(FilesystemPlan plan) throws IOException {
        unmountAndDetachUnder(entry(plan));
        assertThat(MountInfo.under(MountInfo.read(), entry(plan))).isEmpty();
    }

    private static void unmountAndDetachUnder(Path dir) {
        List<Path> points = new ArrayList<>(MountInfo.under(MountInfo.read(), dir).stream()
                .map(MountInfo.Mount::mountPoint).toList());
        points.sort(Comparator.comparing((Path p) -> p.toString().contains("/rootfs") ? 0 : 1)
                .thenComparing(p -> -p.getNameCount()));
        for (Path point : points) {
            RUNNER.run(Command.of("umount", point.toString()));
        }
        LoopDevices.backedUnder(LoopDevices.attached(), dir).keySet()
                .forEach(loop -> RUNNER.run(Command.of("losetup", "-d", loop)));
    }

    private static Set<Path> mountPointsOutside(Path dir) {
        return MountInfo.read().stream().map(MountInfo.Mount::mountPoint).filter(p -> !p.startsWith(dir))
                .collect(Collectors.toSet());
    }

    private static void write(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[(int) MIB];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        }
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
