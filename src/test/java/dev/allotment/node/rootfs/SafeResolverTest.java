package dev.allotment.node.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeResolverTest {
    private static final String FIELD = "spec.bindMounts[0].dstPath";

    @TempDir
    Path tmp;
    private Path root;
    private Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("a").resolve("b").resolve("rootfs")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        Files.createDirectories(root.resolve("var").resolve("data"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc").resolve("file"), "x");
    }

    @Test
    void refusesADotDotSegmentInTheReservationsPath() {
        assertRefused("/var/../../../etc", "must not contain a '..' segment");
    }

    @Test
    void refusesARelativePath() {
        assertRefused("var/data", "must be an absolute path");
    }

    @Test
    void resolvesAnExistingPathInsideTheRoot() {
        SafeResolver.Resolved r = SafeResolver.resolve(root, "/var//./data/", FIELD);

        assertThat(r.path()).isEqualTo(root.resolve("var/data"));
        assertThat(r.exists()).isTrue();
    }

    @Test
    void followsARelativeSymlinkThatStaysInside() throws IOException {
        Files.createSymbolicLink(root.resolve("data"), Path.of("var/data"));

        assertThat(SafeResolver.resolve(root, "/data/x", FIELD).path()).isEqualTo(root.resolve("var/data/x"));
    }

    @Test
    void resolvesAnAbsoluteSymlinkFromTheRootLikeChroot() throws IOException {
        Files.createSymbolicLink(root.resolve("hostetc"), outside); // absolute: means <root>/<outside> inside
        Files.createSymbolicLink(root.resolve("slash"), Path.of("/"));

        SafeResolver.Resolved viaOutside = SafeResolver.resolve(root, "/hostetc/passwd", FIELD);
        SafeResolver.Resolved viaSlash = SafeResolver.resolve(root, "/slash/etc/file", FIELD);

        assertThat(viaOutside.path()).isEqualTo(root.resolve(outside.toString().substring(1)).resolve("passwd"));
        assertThat(viaOutside.exists()).isFalse();
        assertThat(viaSlash.path()).isEqualTo(root.resolve("etc/file"));
    }

    @Test
    void refusesARelativeSymlinkThatClimbsOutOfTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));

        assertRefused("/up/outside", "escapes the rootfs");
    }

    @Test
    void refusesASymlinkThatClimbsOutFromDeeperDown() throws IOException {
        Files.createSymbolicLink(root.resolve("var/data/up"), Path.of("../../../outside"));

        assertRefused("/var/data/up/x", "escapes the rootfs");
    }

    @Test
    void allowsADotDotInsideASymlinkThatStaysWithinTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("var/data/sibling"), Path.of("../../etc"));

        assertThat(SafeResolver.resolve(root, "/var/data/sibling/file", FIELD).path())
                .isEqualTo(root.resolve("etc/file"));
    }

    @Test
    void refusesASymlinkLoop() throws IOException {
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));

        assertRefused("/loop1/x", "too many levels of symbolic links");
    }

    @Test
    void refusesAPathThroughAFile() {
        assertRefused("/etc/file/x", "which is not a directory");
    }

    @Test
    void createsMissingDirectoriesAndAFinalFileWithoutLeavingTheRoot() {
        SafeResolver.Resolved r = SafeResolver.resolve(root, "/mnt/deep/conf", FIELD);
        Object device = attr(root, "unix:dev");

        Path made = SafeResolver.createMissing(r, false, device, FIELD);

        assertThat(made).isEqualTo(root.resolve("mnt/deep/conf")).isRegularFile();
        assertThat(root.resolve("mnt/deep")).isDirectory();
    }

    @Test
    void refusesToCreateThroughAComponentThatBecameASymlink() throws IOException {
        SafeResolver.Resolved r = SafeResolver.resolve(root, "/mnt/deep/x", FIELD);
        Files.createSymbolicLink(root.resolve("mnt"), outside); // raced in after resolution

        assertThatThrownBy(() -> SafeResolver.createMissing(r, true, null, FIELD))
                .isInstanceOf(ReservationException.class).hasMessageContaining("changed into a symlink");
        assertThat(outside.resolve("deep")).doesNotExist();
    }

    @Test
    void refusesToCreateOnAnotherFilesystem() {
        SafeResolver.Resolved r = SafeResolver.resolve(root, "/mnt/x", FIELD);

        assertThatThrownBy(() -> SafeResolver.createMissing(r, true, -1L, FIELD))
                .isInstanceOf(ReservationException.class).hasMessageContaining("on another mount");
        assertThat(root.resolve("mnt")).doesNotExist();
    }

    @Test
    void refusesADirectoryMountPointWhereAFileIs() {
        SafeResolver.Resolved r = SafeResolver.resolve(root, "/etc/file", FIELD);

        assertThatThrownBy(() -> SafeResolver.createMissing(r, true, null, FIELD))
                .isInstanceOf(ReservationException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void followsAFinalSymlinkInsideAndCreatesItsTarget() throws IOException {
        Files.createSymbolicLink(root.resolve("link"), Path.of("/var/new"));
        SafeResolver.Resolved r = SafeResolver.resolve(root, "/link", FIELD);

        Path made = SafeResolver.createMissing(r, true, null, FIELD);

        assertThat(made).isEqualTo(root.resolve("var/new"));
        assertThat(Files.isDirectory(made, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private void assertRefused(String path, String message) {
        assertThatThrownBy(() -> SafeResolver.resolve(root, path, FIELD))
                .isInstanceOf(ReservationException.class)
                .hasMessageStartingWith(FIELD + ": ")
                .hasMessageContaining(message)
                .extracting(e -> ((ReservationException) e).reason()).isEqualTo(Reason.InvalidSpec);
    }

    private static Object attr(Path p, String name) {
        try {
            return Files.getAttribute(p, name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
