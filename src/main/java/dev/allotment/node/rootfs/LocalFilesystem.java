package dev.allotment.node.rootfs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allotment.api.ReservationException;
import dev.allotment.node.ContainerFilesystem;
import dev.allotment.node.FilesystemPlan;
import dev.allotment.node.FilesystemState;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link ContainerFilesystem}. Under a reservation's entry dir it makes:
 * <ul>
 * <li>{@code rootfs/}: an overlay whose lower directories are the {@code dir://} tree or the cached OCI layers, and
 * whose upper and work directories are {@code upper/} and {@code work/}, or, with a disk limit, those the
 * {@link QuotaBackend} gives ({@code rw/upper}, {@code rw/work});</li>
 * <li>the bind mounts inside {@code rootfs/};</li>
 * <li>{@code etc-written}: the marker that /etc/hostname, /etc/hosts and /etc/resolv.conf were written once.</li>
 * </ul>
 * A failed {@link #ensure} leaves what it made for {@link #destroy}, which needs nothing but the entry dir. Failures
 * that are not the spec's fault come out as {@code AcquireFailed}.
 */
public final class LocalFilesystem implements ContainerFilesystem {
    static final String ETC_MARKER = "etc-written";
    static final long MIN_BYTE_HARD = LoopImageQuota.MIN_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(LocalFilesystem.class);
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final int UNMOUNT_ROUNDS = 3;

    private final RootfsConfig config;
    private final CommandRunner runner;
    private final AllowedRoots rootfsRoots;
    private final BindMounter binds;
    private final OciLayout oci;
    private final LayerCache cache;

    public LocalFilesystem(RootfsConfig config, CommandRunner runner) {
        this.config = config;
        this.runner = runner;
        this.rootfsRoots = new AllowedRoots(config.allowedRootfsRoots(), "rootfs");
        this.binds = new BindMounter(runner, new AllowedRoots(config.allowedBindSourceRoots(), "bind-mount source"));
        this.oci = new OciLayout(new ObjectMapper());
        this.cache = new LayerCache(config.layerCacheDir(),
                new LayerExtractor(new CommandSpecialFiles(runner), runningAsRoot()), runner);
    }

    /** What {@link #check} found, so that {@link #ensure} does not look twice. */
    private record Checked(RootfsUri uri, AllowedRoots.Allowed allowed, Path lowerDir, OciLayout.Image image,
            Long byteHard, Long inodeHard) {
    }

    @Override
    public void check(FilesystemPlan plan) {
        checked(plan, true);
    }

    /** Everything but the image when {@code readImage} is false: the entry's {@link RootfsRecord} names its layers. */
    private Checked checked(FilesystemPlan plan, boolean readImage) {
        Objects.requireNonNull(plan.containerId(), "containerId");
        Objects.requireNonNull(plan.entryDir(), "entryDir");
        RootfsUri uri = RootfsUri.parse(plan.rootfsUri());
        AllowedRoots.Allowed allowed = rootfsRoots.check(uri.path(), RootfsUri.FIELD);
        Path depot = real(plan.entryDir()).getParent();
        if (depot != null && (allowed.real().startsWith(depot) || depot.startsWith(allowed.real()))) {
            throw Refusals.forbidden(RootfsUri.FIELD + ": " + uri.path() + " overlaps this node's depot");
        }
        Path lowerDir = null;
        OciLayout.Image image = null;
        if (uri.kind() == RootfsUri.Kind.DIR) {
            if (!Files.isDirectory(allowed.real())) {
                throw Refusals.invalid(RootfsUri.FIELD + ": " + uri.path() + " is not a directory");
            }
            String bad = OverlayMount.unsafeCharacter(allowed.real().toString());
            if (bad != null) {
                throw Refusals.invalid(RootfsUri.FIELD + ": " + uri.path() + " contains '" + bad + "', which cannot go"
                        + " in an overlay mount option");
            }
            lowerDir = allowed.real();
        } else if (readImage) {
            image = oci.read(allowed.real(), uri.tag(), allowed.root());
            if (image.layers().isEmpty()) {
                throw Refusals.invalid(RootfsUri.FIELD + ": the image " + image.manifestDigest() + " has no layers");
            }
        }
        Long byteHard = positive(plan.byteHard());
        Long inodeHard = positive(plan.inodeHard());
        if (byteHard != null && byteHard < MIN_BYTE_HARD) {
            throw Refusals.invalid("spec.limits.disk.byteHard: must be at least " + MIN_BYTE_HARD + " bytes");
        }
        if (inodeHard != null && byteHard == null) {
            throw Refusals.invalid("spec.limits.disk.inodeHard: needs byteHard as well on this node");
        }
        if (plan.hostname() != null && !HOSTNAME.matcher(plan.hostname()).matches()) {
            throw Refusals.invalid("hostname: '" + plan.hostname() + "' cannot go in /etc/hosts");
        }
        if (plan.ip() != null && !IPV4.matcher(plan.ip()).matches()) {
            throw Refusals.invalid("ip: '" + plan.ip() + "' is not an IPv4 address");
        }
        binds.check(plan.bindMounts());
        return new Checked(uri, allowed, lowerDir, image, byteHard, inodeHard);
    }

    @Override
    public FilesystemState ensure(FilesystemPlan plan) {
        long started = System.nanoTime();
        String id = plan.containerId();
        RootfsRecord recorded = RootfsRecord.read(real(plan.entryDir()));
        boolean restore = recorded != null && recorded.uri().equals(plan.rootfsUri());
        Checked checked = checked(plan, !restore);
        cache.gcLock().readLock().lock();
        try {
            Files.createDirectories(plan.entryDir());
            Path entry = plan.entryDir().toRealPath();
            List<Path> lowers = new ArrayList<>();
            List<String> layers = new ArrayList<>();
            List<String> env = List.of();
            if (checked.lowerDir() != null) {
                lowers.add(checked.lowerDir());
            } else {
                RootfsRecord record = restore ? recorded : RootfsRecord.of(plan.rootfsUri(), checked.image());
                for (RootfsRecord.RecordedLayer layer : record.layers()) {
                    lowers.add(0, cache.ensure(layerToUnpack(checked.allowed(), layer)));
                    layers.add(layer.digest());
                }
                env = record.env();
                if (!restore) {
                    record.write(entry);
                }
            }
            // The layout on disk wins over the plan: a limit added or dropped later must not hide the data.
            boolean limited = !Files.isDirectory(entry.resolve("upper"), LinkOption.NOFOLLOW_LINKS)
                    && (checked.byteHard() != null || Files.exists(entry.resolve("rw"), LinkOption.NOFOLLOW_LINKS));
            if (limited != (checked.byteHard() != null)) {
                LOG.warn("rootfs-limit-mismatch containerId={} planned={} kept={}", id, checked.byteHard(),
                        limited ? config.quota().name() : "none");
            }
            QuotaBackend.WritableLayer writable = !limited ? unlimited(entry) : config.quota().ensure(id, entry,
                    checked.byteHard() == null ? 0 : checked.byteHard(), checked.inodeHard());
            Path rootfs = entry.resolve("rootfs");
            Files.createDirectories(rootfs);
            if (MountInfo.at(MountInfo.read(), rootfs) == null) {
                long mountStarted = System.nanoTime();
                runner.check(OverlayMount.command(lowers, writable.upper(), writable.work(), rootfs));
                LOG.info("rootfs-mounted containerId={} layers={} quota={} ms={}", id, lowers.size(),
                        limited ? config.quota().name() : "none", millisSince(mountStarted));
            }
            Object rootDevice = Files.getAttribute(rootfs, "unix:dev");
            Path marker = entry.resolve(ETC_MARKER);
            if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
                EtcFiles.write(rootfs, rootDevice, plan.hostname(), plan.ip(), config.resolvConfSource());
                Files.writeString(marker, "");
                LOG.info("etc-files-written containerId={}", id);
            }
            binds.ensure(id, rootfs, rootDevice, plan.bindMounts());
            LOG.info("rootfs-ensured containerId={} ms={}", id, millisSince(started));
            return new FilesystemState(rootfs, layers, env, limited ? config.quota().name() : null,
                    writable.image());
        } catch (ReservationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warn("rootfs-ensure-failed containerId={} error=\"{}\"", id, e.getMessage());
            throw Refusals.failed("rootfs of " + id + ": " + e.getMessage(), e);
        } finally {
            cache.gcLock().readLock().unlock();
        }
    }

    /** A recorded layer; its blob is looked up (inside the allowed root) only when the cache lacks it. */
    private OciLayout.Layer layerToUnpack(AllowedRoots.Allowed layout, RootfsRecord.RecordedLayer layer) {
        String where = "OCI layout " + layout.real();
        String hex = OciLayout.hexOf(layer.digest(), where);
        Path blob = Files.isDirectory(cache.dirOf(hex), LinkOption.NOFOLLOW_LINKS) ? null
                : OciLayout.blobPath(layout.real(), layout.root(), hex, layer.digest(), where);
        return new OciLayout.Layer(layer.digest(), hex, layer.gzip(), layer.size(), blob);
    }

    private static QuotaBackend.WritableLayer unlimited(Path entry) throws IOException {
        Path upper = Files.createDirectories(entry.resolve("upper"));
        Path work = Files.createDirectories(entry.resolve("work"));
        return new QuotaBackend.WritableLayer(upper, work, null);
    }

    @Override
    public boolean isIntact(FilesystemPlan plan) {
        Path entry = absolute(plan.entryDir());
        try {
            entry = entry.toRealPath();
        } catch (IOException e) {
            return false;
        }
        List<MountInfo.Mount> table = MountInfo.read();
        Path rootfs = entry.resolve("rootfs");
        MountInfo.Mount overlay = MountInfo.at(table, rootfs);
        if (overlay == null || !overlay.fsType().equals("overlay")) {
            return false;
        }
        boolean limited = !Files.isDirectory(entry.resolve("upper"), LinkOption.NOFOLLOW_LINKS)
                && Files.exists(entry.resolve("rw"), LinkOption.NOFOLLOW_LINKS);
        if (limited && !config.quota().isIntact(entry,
                table.stream().map(MountInfo.Mount::mountPoint).collect(Collectors.toSet()))) {
            return false;
        }
        return binds.intact(rootfs, plan.bindMounts(), table);
    }

    @Override
    public void grow(FilesystemPlan plan, long newByteHard) {
        if (positive(plan.byteHard()) == null) {
            throw Refusals.invalid("spec.limits.disk.byteHard: this reservation was created without a disk limit and"
                    + " its writable layer cannot be moved under one; re-create it");
        }
        String id = plan.containerId();
        try {
            Path entry = plan.entryDir().toRealPath();
            try {
                config.quota().grow(id, entry, newByteHard);
            } catch (QuotaBackend.NeedsUnmount offlineOnly) {
                LOG.info("quota-grow-offline containerId={} why=\"{}\"", id, offlineOnly.getMessage());
                List<Path> busy = teardown(entry);
                if (!busy.isEmpty()) {
                    throw Refusals.failed("spec.limits.disk.byteHard: cannot grow the writable layer of " + id
                            + " while it is in use (" + busy + "); growing it online needs CAP_SYS_RESOURCE",
                            offlineOnly);
                }
                config.quota().grow(id, entry, newByteHard);
                ensure(plan);
            }
        } catch (ReservationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw Refusals.failed("disk limit of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy(String containerId, Path entryDir) {
        long started = System.nanoTime();
        Path entry = real(entryDir);
        List<Path> remaining = teardown(entry);
        if (!remaining.isEmpty()) {
            LOG.warn("rootfs-destroy-incomplete containerId={} left={}", containerId, remaining);
            throw new IllegalStateException("rootfs of " + containerId + " is still in use: " + remaining);
        }
        config.quota().release(containerId, entry);
        LOG.info("rootfs-destroyed containerId={} ms={}", containerId, millisSince(started));
    }

    /**
     * Unmounts everything under the entry, in one {@code umount} process per round, then detaches loop devices backed
     * by files under it. Returns what is left (mount points and loop devices), empty when all went.
     */
    private List<Path> teardown(Path entry) {
        List<Path> remaining = List.of();
        for (int round = 0; round < UNMOUNT_ROUNDS; round++) {
            List<Path> points = unmountOrder(entry, MountInfo.under(MountInfo.read(), entry));
            if (points.isEmpty()) {
                remaining = List.of();
                break;
            }
            List<String> argv = new ArrayList<>(List.of("umount"));
            points.forEach(p -> argv.add(p.toString()));
            runner.run(Command.of(argv));
            remaining = MountInfo.under(MountInfo.read(), entry).stream().map(MountInfo.Mount::mountPoint).toList();
            if (remaining.size() == points.size()) {
                break; // nothing moved: busy, retrying will not help
            }
        }
        Map<String, Path> loops = LoopDevices.backedUnder(LoopDevices.attached(), entry);
        if (!loops.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("losetup", "-d"));
            argv.addAll(loops.keySet());
            runner.run(Command.of(argv));
            loops = LoopDevices.backedUnder(LoopDevices.attached(), entry);
        }
        List<Path> left = new ArrayList<>(remaining);
        loops.keySet().forEach(dev -> left.add(Path.of(dev)));
        return left;
    }

    /**
     * Deepest first; everything inside the rootfs before the writable layer it sits on; a mount stacked on another
     * before the one below it (later in the table), each as often as it is stacked.
     */
    static List<Path> unmountOrder(Path entry, List<MountInfo.Mount> mounts) {
        Path rootfs = entry.resolve("rootfs");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> mounts.get(i).mountPoint().startsWith(rootfs) ? 0 : 1)
                .thenComparing(i -> -mounts.get(i).mountPoint().getNameCount())
                .thenComparing(i -> -i));
        return order.stream().map(i -> mounts.get(i).mountPoint()).toList();
    }

    @Override
    public Inventory inventory(Path depotDir) {
        Path given = absolute(depotDir);
        Path depot = real(depotDir);
        Set<Path> mounts = new TreeSet<>();
        for (MountInfo.Mount m : MountInfo.under(MountInfo.read(), depot)) {
            mounts.add(given.resolve(depot.relativize(m.mountPoint())));
        }
        Set<String> loops = new TreeSet<>(LoopDevices.backedUnder(LoopDevices.attached(), depot).keySet());
        return new Inventory(mounts, loops);
    }

    @Override
    public int collectLayers(Set<String> layersInUse) {
        int removed = cache.collect(layersInUse);
        LOG.info("layers-collected removed={} kept={}", removed, layersInUse.size());
        return removed;
    }

    private static Long positive(Long value) {
        return value == null || value <= 0 ? null : value;
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** The real path when it exists (mount table paths are real), else the absolute one. */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return absolute(p);
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

}
