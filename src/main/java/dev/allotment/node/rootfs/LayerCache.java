package dev.allotment.node.rootfs;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacked OCI layers, content addressed: {@code <cache>/sha256/<hex>/} is the layer's tree, used directly as an
 * overlayfs lower directory. A layer is unpacked once, into {@code <cache>/tmp/}, while its blob's sha256 is checked;
 * it is synced and renamed into place only when the digest matches, so a reader never sees half a layer and two
 * concurrent unpacks (in this JVM or another) cannot corrupt it: the loser's copy is thrown away.
 */
final class LayerCache {
    private static final Logger LOG = LoggerFactory.getLogger(LayerCache.class);
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");

    private final Path sha256Dir;
    private final Path tmpDir;
    private final LayerExtractor extractor;
    private final CommandRunner runner;
    private final ConcurrentHashMap<String, Object> unpacking = new ConcurrentHashMap<>();
    /** Readers: mounts being made from layers; the writer: collection. */
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();

    LayerCache(Path cacheDir, LayerExtractor extractor, CommandRunner runner) {
        this.sha256Dir = cacheDir.resolve("sha256");
        this.tmpDir = cacheDir.resolve("tmp");
        this.extractor = extractor;
        this.runner = runner;
    }

    ReadWriteLock gcLock() {
        return gcLock;
    }

    Path dirOf(String hex) {
        return sha256Dir.resolve(hex);
    }

    /** The unpacked layer, unpacking it first when it is not cached. */
    Path ensure(OciLayout.Layer layer) {
        Path dest = dirOf(layer.hex());
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            return dest;
        }
        synchronized (unpacking.computeIfAbsent(layer.hex(), k -> new Object())) {
            if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                return dest;
            }
            try {
                unpack(layer, dest);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack layer " + layer.digest() + ": " + e.getMessage(), e);
            }
            return dest;
        }
    }

    private void unpack(OciLayout.Layer layer, Path dest) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(sha256Dir);
        Files.createDirectories(tmpDir);
        Path tmp = tmpDir.resolve(layer.hex() + "-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            MessageDigest digest = OciLayout.sha256();
            LayerExtractor.Stats stats;
            long size;
            try (InputStream file = Files.newInputStream(layer.blob());
                    DigestInputStream hashed = new DigestInputStream(file, digest)) {
                InputStream tar = layer.gzip() ? GzipCompressorInputStream.builder().setInputStream(hashed)
                        .setDecompressConcatenated(true).get() : hashed;
                stats = extractor.extract(tar, tmp, layer.digest());
                tar.transferTo(OutputStream.nullOutputStream()); // the rest of the tar (padding), then of the blob
                hashed.transferTo(OutputStream.nullOutputStream());
                size = Files.size(layer.blob());
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(layer.hex())) {
                throw Refusals.invalid(RootfsUri.FIELD + ": layer " + layer.digest() + " does not match its digest"
                        + " (its blob hashes to sha256:" + actual + ")");
            }
            runner.check(Command.of("sync", "-f", tmp.toString()));
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException lost) { // ENOTEMPTY/EEXIST: another unpack of the same layer won
                if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                    throw lost;
                }
                LOG.info("layer-unpacked-concurrently digest={}", layer.digest());
                TreeDeleter.delete(tmp);
                return;
            }
            LOG.info("layer-unpacked digest={} blobBytes={} entries={} fileBytes={} whiteouts={} opaque={} skipped={} ms={}",
                    layer.digest(), size, stats.entries(), stats.bytes(), stats.whiteouts(), stats.opaqueDirs(),
                    stats.skipped(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | IOException e) {
            try {
                TreeDeleter.delete(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Removes every cached layer that {@code inUse} does not name ({@code sha256:<hex>} or {@code <hex>}), and
     * leftovers of unpacks that crashed. A layer is renamed away before it is deleted, so it vanishes at once.
     */
    int collect(Set<String> inUse) {
        gcLock.writeLock().lock();
        try {
            int removed = 0;
            if (Files.isDirectory(sha256Dir)) {
                try (DirectoryStream<Path> layers = Files.newDirectoryStream(sha256Dir)) {
                    for (Path dir : layers) {
                        String hex = dir.getFileName().toString();
                        if (inUse.contains("sha256:" + hex) || inUse.contains(hex)) {
                            continue;
                        }
                        if (!HEX.matcher(hex).matches()) {
                            continue;
                        }
                        Files.createDirectories(tmpDir);
                        Path doomed = tmpDir.resolve(hex + "-gc-" + UUID.randomUUID());
                        try {
                            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
                        } catch (NoSuchFileException | AtomicMoveNotSupportedException e) {
                            continue;
                        }
                        TreeDeleter.delete(doomed);
                        removed++;
                        LOG.info("layer-collected digest=sha256:{}", hex);
                    }
                }
            }
            if (Files.isDirectory(tmpDir)) {
                try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmpDir)) {
                    for (Path leftover : leftovers) {
                        TreeDeleter.delete(leftover);
                    }
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot collect layers in " + sha256Dir.getParent(), e);
        } finally {
            gcLock.writeLock().unlock();
        }
    }
}
