package dev.allotment.node.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.ReservationException;
import dev.allotment.node.exec.FakeCommandRunner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers and command builders: rootfs URIs, mountinfo, unmount order, overlay options, special files. */
class SmallPartsTest {
    @Test
    void parsesDirAndOciUris() {
        assertThat(RootfsUri.parse("dir:///srv/images/busybox"))
                .isEqualTo(new RootfsUri(RootfsUri.Kind.DIR, "/srv/images/busybox", null));
        assertThat(RootfsUri.parse("oci:///srv/oci/busybox:1.36"))
                .isEqualTo(new RootfsUri(RootfsUri.Kind.OCI, "/srv/oci/busybox", "1.36"));
        assertThat(RootfsUri.parse("oci:///srv/oci/busybox"))
                .isEqualTo(new RootfsUri(RootfsUri.Kind.OCI, "/srv/oci/busybox", null));
    }

    @Test
    void refusesMalformedUris() {
        for (String uri : List.of("http://x/y", "dir://relative", "dir:///a/../b", "oci:///a/b:bad/tag", "oci:///a:",
                "")) {
            assertThatThrownBy(() -> RootfsUri.parse(uri)).as(uri).isInstanceOf(ReservationException.class)
                    .hasMessageStartingWith("spec.rootfs: ");
        }
    }

    @Test
    void parsesMountinfoWithEscapesAndOptionalFields() {
        String text = """
                22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
                90 22 0:50 / /depot/a\\040b/rootfs rw,relatime shared:40 master:3 - overlay overlay rw,lowerdir=/x
                91 90 252:0 /srv/data /depot/a\\040b/rootfs/mnt ro,relatime - ext4 /dev/vda rw
                """;

        List<MountInfo.Mount> mounts = MountInfo.parse(text);

        assertThat(mounts).hasSize(3);
        assertThat(mounts.get(1).mountPoint()).isEqualTo(Path.of("/depot/a b/rootfs"));
        assertThat(mounts.get(1).fsType()).isEqualTo("overlay");
        assertThat(mounts.get(2).readOnly()).isTrue();
        assertThat(MountInfo.under(mounts, Path.of("/depot/a b"))).hasSize(2);
        assertThat(MountInfo.under(mounts, Path.of("/depot/a"))).isEmpty();
    }

    @Test
    void unmountsInsideTheRootfsDeepestFirstThenTheWritableLayer() {
        Path e = Path.of("/depot/abc");
        List<MountInfo.Mount> mounts = List.of(mount(1, e.resolve("rw")), mount(2, e.resolve("rootfs")),
                mount(3, e.resolve("rootfs/mnt")), mount(4, e.resolve("rootfs/mnt/deeper")),
                mount(5, e.resolve("rootfs/mnt")));

        assertThat(LocalFilesystem.unmountOrder(e, mounts)).containsExactly(e.resolve("rootfs/mnt/deeper"),
                e.resolve("rootfs/mnt"), e.resolve("rootfs/mnt"), e.resolve("rootfs"), e.resolve("rw"));
    }

    @Test
    void overlayOptionsListLowersTopFirstAndRefuseSeparators() {
        assertThat(OverlayMount.command(List.of(Path.of("/c/top"), Path.of("/c/base")), Path.of("/e/upper"),
                Path.of("/e/work"), Path.of("/e/rootfs")).argv()).containsExactly("mount", "-t", "overlay",
                        "overlay", "-o", "lowerdir=/c/top:/c/base,upperdir=/e/upper,workdir=/e/work", "/e/rootfs");
        for (String bad : List.of("/a,upperdir=/etc", "/a:b", "/a=b", "/a\\b", "/a\nb")) {
            assertThat(OverlayMount.unsafeCharacter(bad)).as(bad).isNotNull();
            assertThatThrownBy(() -> OverlayMount.command(List.of(Path.of(bad)), Path.of("/u"), Path.of("/w"),
                    Path.of("/t"))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(OverlayMount.unsafeCharacter("/srv/images/busybox-1.36_x@y+z~")).isNull();
    }

    @Test
    void specialFilesAreArgumentVectorsWithAbsolutePaths() {
        FakeCommandRunner runner = new FakeCommandRunner();
        CommandSpecialFiles special = new CommandSpecialFiles(runner);

        special.whiteout(Path.of("/cache/tmp/x/etc/-rf"));
        special.opaque(List.of(Path.of("/cache/tmp/x/opt"), Path.of("/cache/tmp/x/a b")));
        special.fifo(Path.of("/cache/tmp/x/run/pipe"));

        assertThat(runner.commands()).extracting(c -> c.argv()).containsExactly(
                List.of("mknod", "-m", "000", "--", "/cache/tmp/x/etc/-rf", "c", "0", "0"),
                List.of("setfattr", "-h", "-n", "trusted.overlay.opaque", "-v", "y", "--", "/cache/tmp/x/opt",
                        "/cache/tmp/x/a b"),
                List.of("mknod", "-m", "600", "--", "/cache/tmp/x/run/pipe", "p"));
    }

    private static MountInfo.Mount mount(int id, Path point) {
        return new MountInfo.Mount(id, point, List.of("rw"), "overlay", "overlay");
    }
}
