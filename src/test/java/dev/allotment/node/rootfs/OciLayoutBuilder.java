package dev.allotment.node.rootfs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes OCI image layouts for tests: blobs under their sha256, a config with Env, manifests and index.json. */
final class OciLayoutBuilder {
    static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String TAR = "application/vnd.oci.image.layer.v1.tar";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final ArrayNode manifests = JSON.createArrayNode();

    OciLayoutBuilder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A blob; returns its digest. */
    String blob(byte[] content) {
        String hex = OciLayout.sha256(content);
        try {
            Files.write(dir.resolve("blobs").resolve("sha256").resolve(hex), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + hex;
    }

    /** One image (gzipped layers, base first) listed in index.json under {@code tag} (null: no annotation). */
    OciLayoutBuilder image(String tag, List<String> env, byte[]... gzLayers) {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", OciLayout.goArch()).put("os", "linux");
        ArrayNode envNode = config.putObject("config").putArray("Env");
        env.forEach(envNode::add);
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        byte[] configBytes = bytes(config);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", configBytes));
        ArrayNode layers = manifest.putArray("layers");
        for (byte[] layer : gzLayers) {
            layers.add(descriptor(GZIP, layer));
            diffIds.add("sha256:0");
        }
        ObjectNode entry = descriptor("application/vnd.oci.image.manifest.v1+json", bytes(manifest));
        if (tag != null) {
            entry.putObject("annotations").put(OciLayout.REF_NAME, tag);
        }
        manifests.add(entry);
        return this;
    }

    ObjectNode descriptor(String mediaType, byte[] content) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType).put("digest", blob(content)).put("size", content.length);
        return d;
    }

    /** Writes index.json; returns the layout directory. */
    Path write() {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.set("manifests", manifests);
        try {
            Files.write(dir.resolve("index.json"), bytes(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static byte[] bytes(Object json) {
        try {
            return JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
