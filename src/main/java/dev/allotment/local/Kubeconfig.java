package dev.allotment.local;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A kubeconfig for the embedded server: cluster, user and context all named {@code allotment-local}, the context
 * current, a placeholder token (the server does not authenticate), and {@code insecure-skip-tls-verify} for https.
 */
public final class Kubeconfig {
    public static final String NAME = "allotment-local";
    public static final String TOKEN = "allotment-local";

    private Kubeconfig() {
    }

    /** Writes the kubeconfig atomically (temp file, fsync, rename, fsync of the directory), mode 0600. */
    public static void write(Path path, String serverUrl) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap(render(serverUrl).getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    static String render(String serverUrl) {
        boolean https = serverUrl.startsWith("https:");
        return Serialization.asYaml(new ConfigBuilder().withApiVersion("v1").withKind("Config")
                .addNewCluster().withName(NAME).withNewCluster().withServer(serverUrl)
                .withInsecureSkipTlsVerify(https ? Boolean.TRUE : null).endCluster().endCluster()
                .addNewUser().withName(NAME).withNewUser().withToken(TOKEN).endUser().endUser()
                .addNewContext().withName(NAME).withNewContext().withCluster(NAME).withUser(NAME)
                .withNamespace("default").endContext().endContext()
                .withCurrentContext(NAME)
                .build());
    }
}
