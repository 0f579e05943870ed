package dev.allotment.node.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.node.exec.FakeCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
    @TempDir
    Path tmp;
    private Path cacheDir;
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private LayerCache cache;

    @BeforeEach
    void cache() {
        cacheDir = tmp.resolve("cache");
        cache = new LayerCache(cacheDir, new LayerExtractor(new RecordingSpecialFiles(), false), runner);
    }

    @Test
    void unpacksALayerOnceUnderItsDigestAndSyncsItFirst() throws IOException {
        OciLayout.Layer layer = layer(new TarBuilder().file("etc/os-release", "ID=test", 0644).tarGz(), true);

        Path dir = cache.ensure(layer);
        Path again = cache.ensure(layer);

        assertThat(dir).isEqualTo(cacheDir.resolve("sha256").resolve(layer.hex())).isEqualTo(again);
        assertThat(dir.resolve("etc/os-release")).hasContent("ID=test");
        assertThat(runner.commandLines()).hasSize(1).allMatch(c -> c.startsWith("sync -f " + cacheDir + "/tmp/"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void unpacksAnUncompressedLayer() throws IOException {
        OciLayout.Layer layer = layer(new TarBuilder().file("a", "plain", 0644).tar(), false);

        assertThat(cache.ensure(layer).resolve("a")).hasContent("plain");
    }

    @Test
    void refusesABlobThatDoesNotMatchItsDigestAndKeepsNothing() throws IOException {
        byte[] real = new TarBuilder().file("a", "real", 0644).tarGz();
        byte[] forged = new TarBuilder().file("a", "forged", 0644).tarGz();
        Path blob = Files.write(tmp.resolve("blob"), forged);
        String hex = OciLayout.sha256(real);
        OciLayout.Layer layer = new OciLayout.Layer("sha256:" + hex, hex, true, forged.length, blob);

        assertThatThrownBy(() -> cache.ensure(layer)).isInstanceOf(ReservationException.class)
                .hasMessageContaining("does not match its digest")
                .extracting(e -> ((ReservationException) e).reason()).isEqualTo(Reason.InvalidSpec);
        assertThat(cacheDir.resolve("sha256").resolve(hex)).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void dropsAHalfUnpackedLayerWhenAnEntryIsRefused() throws IOException {
        OciLayout.Layer layer = layer(new TarBuilder().file("ok", "x", 0644).file("../evil", "x", 0644).tarGz(), true);

        assertThatThrownBy(() -> cache.ensure(layer)).isInstanceOf(ReservationException.class);
        assertThat(cacheDir.resolve("sha256").resolve(layer.hex())).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void concurrentAcquiresOfTheSameLayerShareOneCopy() throws Exception {
        TarBuilder big = new TarBuilder();
        for (int i = 0; i < 200; i++) {
            big.file("f/" + i, "content " + i, 0644);
        }
        OciLayout.Layer layer = layer(big.tarGz(), true);
        LayerCache other = new LayerCache(cacheDir, new LayerExtractor(new RecordingSpecialFiles(), false), runner);
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                LayerCache c = i % 2 == 0 ? cache : other; // two caches: as two processes would
                results.add(pool.submit(() -> {
                    start.await();
                    return c.ensure(layer);
                }));
            }
            for (Future<Path> r : results) {
                assertThat(r.get()).isEqualTo(cacheDir.resolve("sha256").resolve(layer.hex()));
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(cacheDir.resolve("sha256").resolve(layer.hex()).resolve("f"))) {
            assertThat(files).hasSize(200);
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void collectRemovesLayersNotInUseAndCrashLeftovers() throws IOException {
        OciLayout.Layer kept = layer(new TarBuilder().file("kept", "k", 0644).tarGz(), true);
        OciLayout.Layer dropped = layer(new TarBuilder().file("dropped", "d", 0444).dir("ro", 0555).tarGz(), true);
        cache.ensure(kept);
        cache.ensure(dropped);
        Files.createDirectories(cacheDir.resolve("tmp").resolve("crashed-unpack").resolve("x"));

        int removed = cache.collect(Set.of(kept.digest()));

        assertThat(removed).isEqualTo(1);
        assertThat(cacheDir.resolve("sha256").resolve(kept.hex())).isDirectory();
        assertThat(cacheDir.resolve("sha256").resolve(dropped.hex())).doesNotExist();
        assertThat(leftovers()).isEmpty();
        assertThat(cache.collect(Set.of(kept.hex()))).isZero();
    }

    private OciLayout.Layer layer(byte[] bytes, boolean gzip) throws IOException {
        String hex = OciLayout.sha256(bytes);
        Path blob = Files.write(tmp.resolve(hex), bytes);
        return new OciLayout.Layer("sha256:" + hex, hex, gzip, bytes.length, blob);
    }

    private List<Path> leftovers() throws IOException {
        Path dir = cacheDir.resolve("tmp");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
