package dev.allotment.node.rootfs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}): picks the manifest by
 * its {@code org.opencontainers.image.ref.name} annotation (or the first when no tag is asked for), descends one
 * nested index by platform, and verifies the index, manifest and config blobs against their digests. Layer blobs are
 * only checked for presence and size here; their digests are verified while they are unpacked.
 */
final class OciLayout {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String FIELD = RootfsUri.FIELD;
    private static final long MAX_JSON_BYTES = 4L << 20;
    private static final Pattern SHA256 = Pattern.compile("sha256:([a-f0-9]{64})");
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Set<String> PLAIN_LAYERS = Set.of("application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar");
    private static final Set<String> GZIP_LAYERS = Set.of("application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    /** A layer to unpack: its digest ({@code sha256:<hex>}), whether it is gzipped, its size and its blob file. */
    record Layer(String digest, String hex, boolean gzip, long size, Path blob) {
    }

    /** The image: layers base first, the config's Env, and where it came from. */
    record Image(Path layout, String manifestDigest, List<Layer> layers, List<String> env) {
    }

    private final ObjectMapper json;

    OciLayout(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Reads the image at {@code layout} (a real path) tagged {@code tag} (null for the first manifest). Every blob's
     * real path must lie under {@code boundary}, so a symlinked blob cannot pull a file in from elsewhere.
     */
    Image read(Path layout, String tag, Path boundary) {
        String where = "OCI layout " + layout;
        if (!Files.isDirectory(layout)) {
            throw Refusals.invalid(FIELD + ": " + where + " is not a directory");
        }
        JsonNode marker = parse(readSmall(layout.resolve("oci-layout"), where + ": oci-layout"), where
                + ": oci-layout");
        if (!marker.path("imageLayoutVersion").asText("").startsWith("1.")) {
            throw Refusals.invalid(FIELD + ": " + where + ": oci-layout has no imageLayoutVersion 1.x");
        }
        JsonNode index = parse(readSmall(layout.resolve("index.json"), where + ": index.json"), where
                + ": index.json");
        JsonNode chosen = choose(index, tag, where);
        String mediaType = chosen.path("mediaType").asText("");
        byte[] manifestBytes = blob(layout, boundary, chosen, where);
        JsonNode manifest = parse(manifestBytes, where + ": manifest " + chosen.path("digest").asText());
        if (INDEX_TYPES.contains(mediaType) || (mediaType.isEmpty() && manifest.has("manifests"))) {
            chosen = byPlatform(manifest, where);
            manifestBytes = blob(layout, boundary, chosen, where);
            manifest = parse(manifestBytes, where + ": manifest " + chosen.path("digest").asText());
        }
        String manifestDigest = chosen.path("digest").asText();
        if (!manifest.path("layers").isArray() || !manifest.path("config").isObject()) {
            throw Refusals.invalid(FIELD + ": " + where + ": manifest " + manifestDigest + " has no config or layers");
        }
        JsonNode config = parse(blob(layout, boundary, manifest.path("config"), where), where + ": config");
        List<String> env = new ArrayList<>();
        config.path("config").path("Env").forEach(e -> env.add(e.asText()));
        List<Layer> layers = new ArrayList<>();
        for (JsonNode d : manifest.path("layers")) {
            layers.add(layer(layout, boundary, d, where));
        }
        return new Image(layout, manifestDigest, layers, env);
    }

    private JsonNode choose(JsonNode index, String tag, String where) {
        JsonNode manifests = index.path("manifests");
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw Refusals.invalid(FIELD + ": " + where + ": index.json lists no manifests");
        }
        if (tag == null) {
            return manifests.get(0);
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode m : manifests) {
            String name = m.path("annotations").path(REF_NAME).asText(null);
            if (tag.equals(name)) {
                return m;
            }
            if (name != null) {
                tags.add(name);
            }
        }
        throw Refusals.invalid(FIELD + ": " + where + " has no manifest tagged '" + tag + "' (tags: " + tags + ")");
    }

    private static JsonNode byPlatform(JsonNode index, String where) {
        String arch = goArch();
        for (JsonNode m : index.path("manifests")) {
            JsonNode platform = m.path("platform");
            if ("linux".equals(platform.path("os").asText()) && arch.equals(platform.path("architecture").asText())) {
                return m;
            }
        }
        throw Refusals.invalid(FIELD + ": " + where + " has no manifest for linux/" + arch);
    }

    static String goArch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static Layer layer(Path layout, Path boundary, JsonNode d, String where) {
        String digest = d.path("digest").asText("");
        String hex = hexOf(digest, where);
        String mediaType = d.path("mediaType").asText("");
        boolean gzip;
        if (GZIP_LAYERS.contains(mediaType)) {
            gzip = true;
        } else if (PLAIN_LAYERS.contains(mediaType)) {
            gzip = false;
        } else {
            throw Refusals.invalid(FIELD + ": " + where + ": layer " + digest + " has unsupported media type '"
                    + mediaType + "' (tar and tar+gzip are supported)");
        }
        Path blob = blobPath(layout, boundary, hex, digest, where);
        long size = d.path("size").asLong(-1);
        try {
            long actual = Files.size(blob);
            if (size >= 0 && actual != size) {
                throw Refusals.invalid(FIELD + ": " + where + ": blob " + digest + " is " + actual + " bytes, the"
                        + " manifest says " + size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + blob, e);
        }
        return new Layer(digest, hex, gzip, size, blob);
    }

    private byte[] blob(Path layout, Path boundary, JsonNode descriptor, String where) {
        String digest = descriptor.path("digest").asText("");
        String hex = hexOf(digest, where);
        Path file = blobPath(layout, boundary, hex, digest, where);
        byte[] bytes = readSmall(file, where + ": blob " + digest);
        long size = descriptor.path("size").asLong(-1);
        if (size >= 0 && bytes.length != size) {
            throw Refusals.invalid(FIELD + ": " + where + ": blob " + digest + " is " + bytes.length + " bytes, the"
                    + " descriptor says " + size);
        }
        String actual = sha256(bytes);
        if (!actual.equals(hex)) {
            throw Refusals.invalid(FIELD + ": " + where + ": blob " + digest + " does not match its digest (it hashes"
                    + " to sha256:" + actual + ")");
        }
        return bytes;
    }

    static String hexOf(String digest, String where) {
        var m = SHA256.matcher(digest);
        if (!m.matches()) {
            throw Refusals.invalid(FIELD + ": " + where + ": unsupported or malformed digest '" + digest
                    + "' (sha256:<64 hex> is supported)");
        }
        return m.group(1);
    }

    static Path blobPath(Path layout, Path boundary, String hex, String digest, String where) {
        Path file = layout.resolve("blobs").resolve("sha256").resolve(hex);
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(boundary)) {
                throw Refusals.forbidden(FIELD + ": " + where + ": blob " + digest + " leads outside " + boundary);
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw Refusals.invalid(FIELD + ": " + where + ": blob " + digest + " is not a regular file");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw Refusals.invalid(FIELD + ": " + where + " is missing blob " + digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + file, e);
        }
    }

    private static byte[] readSmall(Path file, String what) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw Refusals.invalid(FIELD + ": " + what + " is larger than " + MAX_JSON_BYTES + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw Refusals.invalid(FIELD + ": " + what + " is missing");
        } catch (IOException e) {
            throw Refusals.invalid(FIELD + ": " + what + " cannot be read: " + e.getMessage());
        }
    }

    private JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw Refusals.invalid(FIELD + ": " + what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw Refusals.invalid(FIELD + ": " + what + " is corrupt: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Refusals.invalid(FIELD + ": " + what + " cannot be parsed: " + e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
