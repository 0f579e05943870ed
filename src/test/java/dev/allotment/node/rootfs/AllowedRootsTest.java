package dev.allotment.node.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowedRootsTest {
    private static final String FIELD = "spec.bindMounts[1].srcPath";

    @TempDir
    Path tmp;
    private Path allowed;
    private Path secret;
    private AllowedRoots roots;

    @BeforeEach
    void tree() throws IOException {
        allowed = Files.createDirectories(tmp.resolve("allowed")).toRealPath();
        secret = Files.createDirectories(tmp.resolve("secret")).toRealPath();
        Files.createDirectories(allowed.resolve("data"));
        roots = new AllowedRoots(List.of(allowed), "bind-mount source");
    }

    @Test
    void allowsARealPathUnderARoot() {
        assertThat(roots.check(allowed + "/data", FIELD).real()).isEqualTo(allowed.resolve("data"));
    }

    @Test
    void forbidsAPathOutsideEveryRootNamingTheField() {
        assertRefused(secret.toString(), Reason.Forbidden, "is not under one of this node's allowed bind-mount source");
    }

    @Test
    void forbidsASymlinkInAnAllowedRootThatLeadsOutside() throws IOException {
        Files.createSymbolicLink(allowed.resolve("sneaky"), secret);

        assertRefused(allowed + "/sneaky", Reason.Forbidden, "is not under");
    }

    @Test
    void forbidsADirectoryNamedLikeARootsPrefix() throws IOException {
        Files.createDirectories(tmp.resolve("allowed-not"));

        assertRefused(tmp.toRealPath() + "/allowed-not", Reason.Forbidden, "is not under");
    }

    @Test
    void aConfiguredRootThatIsASymlinkAllowsOnlyWhatLiesUnderItsTarget() throws IOException {
        Path link = tmp.resolve("via-link");
        Files.createSymbolicLink(link, allowed);
        AllowedRoots viaLink = new AllowedRoots(List.of(link), "rootfs");

        assertThat(viaLink.check(link + "/data", FIELD).real()).isEqualTo(allowed.resolve("data"));
        assertThat(viaLink.check(allowed + "/data", FIELD).root()).isEqualTo(allowed);
        assertThatThrownBy(() -> viaLink.check(secret.toString(), FIELD)).isInstanceOf(ReservationException.class);
    }

    @Test
    void saysAMissingPathUnderARootDoesNotExist() {
        assertRefused(allowed + "/missing", Reason.InvalidSpec, "does not exist");
    }

    @Test
    void forbidsAMissingPathOutsideWithoutSayingWhetherItExists() {
        assertRefused(secret + "/missing", Reason.Forbidden, "is not under");
    }

    @Test
    void refusesDotDot() {
        assertRefused(allowed + "/data/../../secret", Reason.InvalidSpec, "'..'");
    }

    private void assertRefused(String path, Reason reason, String message) {
        assertThatThrownBy(() -> roots.check(path, FIELD))
                .isInstanceOf(ReservationException.class)
                .hasMessageStartingWith(FIELD + ": ")
                .hasMessageContaining(message)
                .extracting(e -> ((ReservationException) e).reason()).isEqualTo(reason);
    }
}
