package dev.allotment.node.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {
    @TempDir
    Path tmp;
    private Path layer;
    private Path outside;
    private final RecordingSpecialFiles special = new RecordingSpecialFiles();
    private final LayerExtractor extractor = new LayerExtractor(special, false);

    @BeforeEach
    void dirs() throws IOException {
        layer = Files.createDirectories(tmp.resolve("cache/layer")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret"), "untouched");
    }

    @Test
    void unpacksFilesDirectoriesSymlinksAndHardlinksKeepingModes() throws IOException {
        extract(new TarBuilder().dir("./", 0755).dir("bin", 0755).file("bin/busybox", "elf", 04755)
                .symlink("bin/sh", "busybox").hardlink("bin/ls", "bin/busybox").dir("ro", 0555)
                .file("ro/inside", "x", 0444).dir("tmp", 01777).fifo("run/pipe").tar());

        assertThat(layer.resolve("bin/busybox")).hasContent("elf");
        assertThat(mode(layer.resolve("bin/busybox"))).isEqualTo(04755);
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.isSameFile(layer.resolve("bin/ls"), layer.resolve("bin/busybox"))).isTrue();
        assertThat(mode(layer.resolve("ro"))).isEqualTo(0555);
        assertThat(layer.resolve("ro/inside")).hasContent("x");
        assertThat(mode(layer.resolve("tmp"))).isEqualTo(01777);
        assertThat(special.fifos).containsExactly(layer.resolve("run/pipe"));
    }

    @Test
    void refusesAnEntryThatClimbsOutWithDotDot() {
        assertRefused(new TarBuilder().file("../evil", "x", 0644).tar(), "escapes the layer");
        assertRefused(new TarBuilder().file("a/../../evil", "x", 0644).tar(), "escapes the layer");
        assertThat(tmp.resolve("cache/evil")).doesNotExist();
    }

    @Test
    void neverWritesAnAbsoluteEntryOutsideTheLayer() {
        Path target = outside.resolve("absolute");
        byte[] tar = new TarBuilder().file(target.toString(), "x", 0644).tar();

        assertRefused(tar, "is an absolute path");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesToWriteThroughASymlinkAnEarlierEntryCreated() {
        byte[] tar = new TarBuilder().symlink("a", "/").file("a/etc/passwd", "root::0:0", 0644)
                .symlink("b", outside.toString()).file("b/secret", "pwned", 0644).tar();

        assertRefused(tar, "runs through the symlink a");
        byte[] relative = new TarBuilder().symlink("up", "../../outside").file("up/secret", "pwned", 0644).tar();
        assertRefused(relative, "runs through the symlink up");
        assertThat(outside.resolve("secret")).hasContent("untouched");
    }

    @Test
    void replacesASymlinkAtAnEntrysOwnNameInsteadOfFollowingIt() throws IOException {
        extract(new TarBuilder().symlink("secret", outside.resolve("secret").toString())
                .file("secret", "mine", 0600).tar());

        assertThat(Files.isSymbolicLink(layer.resolve("secret"))).isFalse();
        assertThat(layer.resolve("secret")).hasContent("mine");
        assertThat(outside.resolve("secret")).hasContent("untouched");
    }

    @Test
    void refusesAHardlinkToAFileOutsideTheLayer() {
        assertRefused(new TarBuilder().hardlink("stolen", "../../outside/secret").tar(), "escapes the layer");
        assertRefused(new TarBuilder().hardlink("stolen", outside.resolve("secret").toString()).tar(),
                "is an absolute path");
        assertRefused(new TarBuilder().symlink("out", outside.toString()).hardlink("stolen", "out/secret").tar(),
                "runs through the symlink out");
        assertRefused(new TarBuilder().hardlink("stolen", "missing").tar(), "which is not in the layer");
        assertThat(outside.resolve("secret")).hasContent("untouched");
    }

    @Test
    void turnsWhiteoutsIntoOverlayWhiteoutsAndOpaqueDirectories() throws IOException {
        extract(new TarBuilder().dir("etc", 0755).file("etc/.wh.doomed", "", 0644)
                .file("opt/app/.wh..wh..opq", "", 0644).file("opt/app/new", "n", 0644)
                .file(".wh..wh.plnk", "", 0644).tar());

        assertThat(special.whiteouts).containsExactly(layer.resolve("etc/doomed"));
        assertThat(special.opaque).containsExactly(layer.resolve("opt/app"));
        assertThat(layer.resolve("opt/app/new")).hasContent("n");
        try (Stream<Path> all = Files.walk(layer)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".wh."));
        }
    }

    @Test
    void aWhiteoutNeverHidesAFileOfItsOwnLayer() throws IOException {
        extract(new TarBuilder().file("keep", "k", 0644).file(".wh.keep", "", 0644).tar());

        assertThat(special.whiteouts).isEmpty();
        assertThat(layer.resolve("keep")).hasContent("k");
    }

    @Test
    void refusesAWhiteoutThatNamesNothing() {
        assertRefused(new TarBuilder().file("etc/.wh.", "", 0644).tar(), "is not a valid whiteout");
    }

    @Test
    void aDirectoryEntryReplacesAFileOfTheSameName() throws IOException {
        extract(new TarBuilder().file("x", "file", 0644).dir("x", 0700).file("x/y", "y", 0644).tar());

        assertThat(Files.isDirectory(layer.resolve("x"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(mode(layer.resolve("x"))).isEqualTo(0700);
    }

    private void extract(byte[] tar) throws IOException {
        extractor.extract(new ByteArrayInputStream(tar), layer, "sha256:test");
    }

    private void assertRefused(byte[] tar, String message) {
        assertThatThrownBy(() -> extract(tar)).isInstanceOf(ReservationException.class)
                .hasMessageContaining("layer sha256:test").hasMessageContaining(message)
                .extracting(e -> ((ReservationException) e).reason()).isEqualTo(Reason.InvalidSpec);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
