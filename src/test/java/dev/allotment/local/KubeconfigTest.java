package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
    @TempDir
    Path dir;

    @Test
    void writesAContextForTheServerReadableOnlyByItsOwner() throws IOException {
        Path file = dir.resolve("state/kubeconfig");

        Kubeconfig.write(file, "http://127.0.0.1:6443");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Config config = Config.fromKubeconfig(Files.readString(file));
        assertThat(config.getMasterUrl()).startsWith("http://127.0.0.1:6443");
        assertThat(config.getCurrentContext().getName()).isEqualTo("allotment-local");
        assertThat(config.getCurrentContext().getContext().getCluster()).isEqualTo("allotment-local");
        assertThat(List.of(String.valueOf(config.getOauthToken()), String.valueOf(config.getAutoOAuthToken())))
                .contains(Kubeconfig.TOKEN);
        assertThat(config.getNamespace()).isEqualTo("default");
        assertThat(Files.readString(file)).doesNotContain("insecure-skip-tls-verify");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void skipsTlsVerificationForAnHttpsServerAndReplacesTheOldFile() throws IOException {
        Path file = dir.resolve("kubeconfig");
        Kubeconfig.write(file, "http://127.0.0.1:1");

        Kubeconfig.write(file, "https://127.0.0.1:6443");

        Config config = Config.fromKubeconfig(Files.readString(file));
        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(config.isTrustCerts()).isTrue();
    }
}
