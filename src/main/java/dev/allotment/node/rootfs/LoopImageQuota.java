package dev.allotment.node.rootfs;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default quota: a sparse file {@code <entryDir>/disk.img} of exactly byteHard bytes holding an ext4 filesystem
 * (with a journal, so an unclean reboot does not cost the writable layer; {@code -m 0}, lazy inode table and journal
 * init, {@code -N inodeHard} when set, which ext4 rounds up to whole inode tables), loop-mounted at
 * {@code <entryDir>/rw}. The overlay's upper and work directories live in it, so a write past the limit fails with
 * ENOSPC. byteHard counts the filesystem's own metadata and journal too.
 *
 * <p>{@link #grow} resizes online ({@code losetup -c}, {@code resize2fs} on the mounted device) when this process has
 * CAP_SYS_RESOURCE, which ext4's resize ioctl demands. Without it, it grows only while nothing is mounted
 * ({@code e2fsck -f -p}, then {@code resize2fs} on the image file) and asks its caller to unmount first.
 *
 * <p>It mounts with {@code mount -o loop}, one process: util-linux attaches the loop device with autoclear, so the
 * unmount detaches it. {@link LocalFilesystem#destroy} still detaches any loop device left backed by a file under the
 * entry (with {@code losetup -d}), for a device attached some other way.
 */
public final class LoopImageQuota implements QuotaBackend {
    public static final String NAME = "loop-image";
    /** Below this ext4 has no room for a journal and little for files. */
    public static final long MIN_BYTES = 4L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LoopImageQuota.class);
    private static final Duration MKFS_TIMEOUT = Duration.ofMinutes(5);

    private final CommandRunner runner;
    private final boolean onlineResize;

    public LoopImageQuota(CommandRunner runner) {
        this(runner, Capabilities.effective(Capabilities.CAP_SYS_RESOURCE));
    }

    LoopImageQuota(CommandRunner runner, boolean onlineResize) {
        this.runner = runner;
        this.onlineResize = onlineResize;
    }

    @Override
    public String name() {
        return NAME;
    }

    static Path image(Path entryDir) {
        return entryDir.resolve("disk.img");
    }

    static Path mountPoint(Path entryDir) {
        return entryDir.resolve("rw");
    }

    @Override
    public WritableLayer ensure(String containerId, Path entryDir, long byteHard, Long inodeHard) {
        Path image = image(entryDir);
        Path rw = mountPoint(entryDir);
        try {
            if (!Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
                create(containerId, entryDir, byteHard, inodeHard);
            }
            boolean mounted = MountInfo.at(MountInfo.read(), rw) != null;
            if (byteHard > Files.size(image) && (!mounted || onlineResize)) {
                grow(containerId, entryDir, byteHard); // a limit raised while the node was down
            }
            attach(containerId, image, rw);
            Path upper = rw.resolve("upper");
            Path work = rw.resolve("work");
            Files.createDirectories(upper);
            Files.createDirectories(work);
            return new WritableLayer(upper, work, image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the writable layer in " + entryDir, e);
        }
    }

    private void create(String containerId, Path entryDir, long byteHard, Long inodeHard) throws IOException {
        long started = System.nanoTime();
        Path tmp = entryDir.resolve("disk.img.tmp");
        Files.deleteIfExists(tmp);
        try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
            file.setLength(byteHard); // sparse: takes no space until written
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        List<String> argv = new ArrayList<>(List.of("mkfs.ext4", "-q", "-F", "-m", "0", "-E",
                "lazy_itable_init=1,lazy_journal_init=1,nodiscard"));
        if (inodeHard != null && inodeHard > 0) {
            argv.addAll(List.of("-N", Long.toString(inodeHard)));
        }
        argv.add(tmp.toString());
        runner.check(Command.of(argv).withTimeout(MKFS_TIMEOUT));
        Files.move(tmp, image(entryDir), StandardCopyOption.ATOMIC_MOVE);
        LOG.info("quota-image-created containerId={} bytes={} inodes={} ms={}", containerId, byteHard, inodeHard,
                (System.nanoTime() - started) / 1_000_000);
    }

    private void attach(String containerId, Path image, Path rw) throws IOException {
        if (MountInfo.at(MountInfo.read(), rw) != null) {
            return;
        }
        long started = System.nanoTime();
        Files.createDirectories(rw);
        String loop = LoopDevices.backedBy(LoopDevices.attached(), image);
        if (loop != null) { // attached but not mounted (a crash between the two): reuse the device
            runner.check(Command.of("mount", "-t", "ext4", loop, rw.toString()));
        } else {
            runner.check(Command.of("mount", "-t", "ext4", "-o", "loop", image.toString(), rw.toString()));
        }
        LOG.info("quota-mounted containerId={} image={} ms={}", containerId, image,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public boolean isIntact(Path entryDir, Set<Path> mountPoints) {
        return mountPoints.contains(mountPoint(entryDir));
    }

    @Override
    public void grow(String containerId, Path entryDir, long newByteHard) {
        Path image = image(entryDir);
        try {
            long size = Files.size(image);
            if (newByteHard < size) {
                throw Refusals.invalid("spec.limits.disk.byteHard: the writable layer has " + size + " bytes and"
                        + " cannot shrink to " + newByteHard);
            }
            if (newByteHard == size) {
                return;
            }
            boolean mounted = MountInfo.at(MountInfo.read(), mountPoint(entryDir)) != null;
            if (mounted && !onlineResize) {
                throw new NeedsUnmount("growing " + image + " while it is mounted needs CAP_SYS_RESOURCE");
            }
            long started = System.nanoTime();
            String loop = LoopDevices.backedBy(LoopDevices.attached(), image);
            if (mounted && loop == null) {
                throw new IllegalStateException("no loop device is attached to " + image);
            }
            if (!mounted && loop != null) {
                runner.check(Command.of("losetup", "-d", loop)); // attached but unused: resize the file itself
            }
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(newByteHard);
            }
            if (mounted) {
                runner.check(Command.of("losetup", "-c", loop));
                runner.check(Command.of("resize2fs", loop).withTimeout(MKFS_TIMEOUT));
            } else {
                CommandResult fsck = runner.run(Command.of("e2fsck", "-f", "-p", image.toString())
                        .withTimeout(MKFS_TIMEOUT));
                if (fsck.exitCode() > 1) { // 1: errors corrected
                    throw new IllegalStateException("e2fsck of " + image + " exited " + fsck.exitCode() + ": "
                            + fsck.stderr().strip());
                }
                runner.check(Command.of("resize2fs", image.toString()).withTimeout(MKFS_TIMEOUT));
            }
            LOG.info("quota-grown containerId={} from={} to={} online={} ms={}", containerId, size, newByteHard,
                    mounted, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow " + image, e);
        }
    }

    @Override
    public void release(String containerId, Path entryDir) {
        // The image lives in the entry dir and goes with it; the loop device is detached by unmount or destroy.
    }
}
