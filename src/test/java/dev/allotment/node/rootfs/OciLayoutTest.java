package dev.allotment.node.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path boundary;
    private final OciLayout oci = new OciLayout(JSON);
    private byte[] base;
    private byte[] top;

    @BeforeEach
    void layers() throws IOException {
        boundary = tmp.toRealPath();
        base = new TarBuilder().file("etc/base", "b", 0644).tarGz();
        top = new TarBuilder().file("etc/top", "t", 0644).tarGz();
    }

    @Test
    void picksTheManifestWhoseRefNameIsTheTag() {
        Path layout = new OciLayoutBuilder(boundary.resolve("img"))
                .image("v1", List.of("A=1"), base)
                .image("v2", List.of("PATH=/bin", "B=2"), base, top).write();

        OciLayout.Image image = oci.read(layout, "v2", boundary);

        assertThat(image.layers()).extracting(OciLayout.Layer::hex)
                .containsExactly(OciLayout.sha256(base), OciLayout.sha256(top));
        assertThat(image.layers()).allMatch(OciLayout.Layer::gzip);
        assertThat(image.env()).containsExactly("PATH=/bin", "B=2");
    }

    @Test
    void takesTheFirstManifestWithoutATag() {
        Path layout = new OciLayoutBuilder(boundary.resolve("img"))
                .image("v1", List.of("A=1"), base)
                .image(null, List.of(), base, top).write();

        assertThat(oci.read(layout, null, boundary).env()).containsExactly("A=1");
    }

    @Test
    void refusesAnUnknownTagListingTheKnownOnes() {
        Path layout = new OciLayoutBuilder(boundary.resolve("img")).image("v1", List.of(), base).write();

        assertInvalid(() -> oci.read(layout, "latest", boundary), "no manifest tagged 'latest'", "v1");
    }

    @Test
    void refusesAManifestThatDoesNotMatchItsDigest() throws IOException {
        OciLayoutBuilder builder = new OciLayoutBuilder(boundary.resolve("img"));
        Path layout = builder.image("v1", List.of(), base).write();
        ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        String digest = index.path("manifests").get(0).path("digest").asText();
        Path manifest = layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
        byte[] bytes = Files.readAllBytes(manifest);
        bytes[bytes.length - 2] = (byte) ' '; // same size, different content
        Files.write(manifest, bytes);

        assertInvalid(() -> oci.read(layout, "v1", boundary), "does not match its digest");
    }

    @Test
    void refusesAMissingLayerBlob() throws IOException {
        Path layout = new OciLayoutBuilder(boundary.resolve("img")).image("v1", List.of(), base, top).write();
        Files.delete(layout.resolve("blobs/sha256/" + OciLayout.sha256(top)));

        assertInvalid(() -> oci.read(layout, "v1", boundary), "is missing blob sha256:" + OciLayout.sha256(top));
    }

    @Test
    void refusesALayerBlobOfTheWrongSize() throws IOException {
        Path layout = new OciLayoutBuilder(boundary.resolve("img")).image("v1", List.of(), base).write();
        Files.write(layout.resolve("blobs/sha256/" + OciLayout.sha256(base)), new byte[] {1, 2, 3});

        assertInvalid(() -> oci.read(layout, "v1", boundary), "the manifest says");
    }

    @Test
    void refusesACorruptIndex() throws IOException {
        Path layout = new OciLayoutBuilder(boundary.resolve("img")).image("v1", List.of(), base).write();
        Files.writeString(layout.resolve("index.json"), "{\"manifests\": [");

        assertInvalid(() -> oci.read(layout, "v1", boundary), "index.json is corrupt");
    }

    @Test
    void refusesADirectoryThatIsNotALayout() throws IOException {
        Path notLayout = Files.createDirectories(boundary.resolve("plain"));

        assertInvalid(() -> oci.read(notLayout, null, boundary), "oci-layout is missing");
    }

    @Test
    void refusesAMalformedDigest() throws IOException {
        Path layout = new OciLayoutBuilder(boundary.resolve("img")).image("v1", List.of(), base).write();
        String index = Files.readString(layout.resolve("index.json"));
        Files.writeString(layout.resolve("index.json"), index.replaceFirst("sha256:[a-f0-9]{64}",
                "sha256:../../../../etc/passwd"));

        assertInvalid(() -> oci.read(layout, "v1", boundary), "malformed digest");
    }

    @Test
    void forbidsABlobSymlinkedOutsideTheAllowedRoot() throws IOException {
        Path inside = Files.createDirectories(boundary.resolve("root"));
        Path layout = new OciLayoutBuilder(inside.resolve("img")).image("v1", List.of(), base).write();
        Path blob = layout.resolve("blobs/sha256/" + OciLayout.sha256(base));
        Path elsewhere = Files.createDirectories(boundary.resolve("elsewhere")).resolve("blob");
        Files.move(blob, elsewhere);
        Files.createSymbolicLink(blob, elsewhere);

        assertThatThrownBy(() -> oci.read(layout, "v1", inside))
                .isInstanceOf(ReservationException.class).hasMessageContaining("leads outside")
                .extracting(e -> ((ReservationException) e).reason()).isEqualTo(Reason.Forbidden);
    }

    @Test
    void descendsANestedIndexByPlatform() throws IOException {
        OciLayoutBuilder builder = new OciLayoutBuilder(boundary.resolve("img"));
        Path layout = builder.image("inner", List.of("NESTED=1"), base).write();
        ObjectNode inner = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").get(0);
        inner.remove("annotations");
        inner.putObject("platform").put("os", "linux").put("architecture", OciLayout.goArch());
        ObjectNode nested = JSON.createObjectNode();
        nested.put("schemaVersion", 2);
        nested.putArray("manifests").add(inner);
        ObjectNode entry = builder.descriptor("application/vnd.oci.image.index.v1+json",
                OciLayoutBuilder.bytes(nested));
        entry.putObject("annotations").put(OciLayout.REF_NAME, "multi");
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).putArray("manifests").add(entry);
        Files.write(layout.resolve("index.json"), OciLayoutBuilder.bytes(index));

        assertThat(oci.read(layout, "multi", boundary).env()).containsExactly("NESTED=1");
    }

    @Test
    void refusesAnUnsupportedLayerMediaType() throws IOException {
        OciLayoutBuilder builder = new OciLayoutBuilder(boundary.resolve("img"));
        Path layout = builder.image("v1", List.of(), base).write();
        String digest = JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").get(0).path("digest")
                .asText();
        String manifest = Files.readString(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())));
        byte[] zstd = manifest.replace(OciLayoutBuilder.GZIP, "application/vnd.oci.image.layer.v1.tar+zstd")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ObjectNode index = JSON.createObjectNode();
        index.putArray("manifests").add(builder.descriptor("application/vnd.oci.image.manifest.v1+json", zstd));
        Files.write(layout.resolve("index.json"), OciLayoutBuilder.bytes(index));

        assertInvalid(() -> oci.read(layout, null, boundary), "unsupported media type");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... parts) {
        var a = assertThatThrownBy(call).isInstanceOf(ReservationException.class).hasMessageStartingWith("spec.rootfs: ");
        for (String part : parts) {
            a.hasMessageContaining(part);
        }
        a.extracting(e -> ((ReservationException) e).reason()).isEqualTo(Reason.InvalidSpec);
    }
}
