package dev.allotment.node.rootfs;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota for depots on XFS mounted with {@code prjquota}: the writable area {@code <entryDir>/rw} becomes an XFS
 * project whose ID is derived from the container ID, limited with {@code xfs_quota}. The {@code -c} arguments are
 * xfs_quota's own command language, one argv element each; they hold only numbers and agent-made paths (checked to be
 * free of blanks and quotes), never reservation text. Project IDs lie in [{@value #FIRST_ID}, 2^31): keep
 * hand-made projects below that. What was applied is remembered in {@code <entryDir>/xfs-project}, so a repeated
 * ensure runs no process.
 */
public final class XfsProjectQuota implements QuotaBackend {
    public static final String NAME = "xfs-project";
    static final long FIRST_ID = 1L << 24;
    private static final long ID_SPAN = (1L << 31) - FIRST_ID;
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/@+=,~-]*");
    private static final Logger LOG = LoggerFactory.getLogger(XfsProjectQuota.class);

    private final CommandRunner runner;
    private final Path xfsMountPoint;

    /** {@code xfsMountPoint}: the mount point of the XFS filesystem that holds the depot. */
    public XfsProjectQuota(CommandRunner runner, Path xfsMountPoint) {
        this.runner = runner;
        this.xfsMountPoint = checked(xfsMountPoint);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A project ID from the container ID: deterministic, never 0, and clear of small hand-made IDs. */
    static long projectId(String containerId) {
        byte[] hash = OciLayout.sha256().digest(containerId.getBytes(StandardCharsets.UTF_8));
        long value = Integer.toUnsignedLong(ByteBuffer.wrap(hash).getInt());
        return FIRST_ID + value % ID_SPAN;
    }

    @Override
    public WritableLayer ensure(String containerId, Path entryDir, long byteHard, Long inodeHard) {
        Path rw = checked(entryDir.resolve("rw"));
        try {
            Path upper = rw.resolve("upper");
            Path work = rw.resolve("work");
            Files.createDirectories(upper);
            Files.createDirectories(work);
            long id = projectId(containerId);
            String applied = read(marker(entryDir));
            long inodes = inodeHard == null ? 0 : inodeHard;
            if (applied == null || !applied.startsWith(id + " ")) {
                runner.check(xfsQuota("project -s -p " + rw + " " + id));
                limit(id, byteHard, inodes);
                write(marker(entryDir), id + " " + byteHard + " " + inodes);
                LOG.info("quota-project-set containerId={} project={} bytes={} inodes={}", containerId, id, byteHard,
                        inodes);
            } else if (!applied.equals(id + " " + byteHard + " " + inodes)) {
                long[] old = parse(applied);
                long bytes = Math.max(old[1], byteHard); // never shrink
                limit(id, bytes, inodes);
                write(marker(entryDir), id + " " + bytes + " " + inodes);
            }
            return new WritableLayer(upper, work, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the writable layer in " + entryDir, e);
        }
    }

    @Override
    public boolean isIntact(Path entryDir, Set<Path> mountPoints) {
        return Files.isDirectory(entryDir.resolve("rw")) && Files.exists(marker(entryDir));
    }

    @Override
    public void grow(String containerId, Path entryDir, long newByteHard) {
        try {
            String applied = read(marker(entryDir));
            if (applied == null) {
                throw new IllegalStateException("no XFS project quota is set up in " + entryDir);
            }
            long[] old = parse(applied);
            if (newByteHard < old[1]) {
                throw Refusals.invalid("spec.limits.disk.byteHard: the writable layer has " + old[1] + " bytes and"
                        + " cannot shrink to " + newByteHard);
            }
            if (newByteHard == old[1]) {
                return;
            }
            limit(old[0], newByteHard, old[2]);
            write(marker(entryDir), old[0] + " " + newByteHard + " " + old[2]);
            LOG.info("quota-grown containerId={} project={} from={} to={}", containerId, old[0], old[1], newByteHard);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the quota of " + entryDir, e);
        }
    }

    @Override
    public void release(String containerId, Path entryDir) {
        try {
            String applied = read(marker(entryDir));
            if (applied == null) {
                return;
            }
            long id = parse(applied)[0];
            runner.check(xfsQuota("limit -p bsoft=0 bhard=0 isoft=0 ihard=0 " + id));
            Files.deleteIfExists(marker(entryDir));
            LOG.info("quota-released containerId={} project={}", containerId, id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the quota of " + entryDir, e);
        }
    }

    private void limit(long id, long bytes, long inodes) {
        runner.check(xfsQuota("limit -p bhard=" + bytes + (inodes > 0 ? " ihard=" + inodes : "") + " " + id));
    }

    private Command xfsQuota(String subcommand) {
        return Command.of("xfs_quota", "-x", "-c", subcommand, xfsMountPoint.toString());
    }

    private static Path marker(Path entryDir) {
        return entryDir.resolve("xfs-project");
    }

    private static long[] parse(String applied) {
        String[] f = applied.strip().split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A path that can go in an xfs_quota command: absolute, no blanks, quotes or other separators. */
    static Path checked(Path path) {
        String text = path.toString();
        if (!path.isAbsolute() || !SAFE_PATH.matcher(text).matches()) {
            throw new IllegalStateException("path " + text + " cannot go in an xfs_quota command: it must be absolute"
                    + " and made of [A-Za-z0-9._/@+=,~-] only");
        }
        return path;
    }
}
