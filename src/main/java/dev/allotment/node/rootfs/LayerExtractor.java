package dev.allotment.node.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks one layer tar into an empty directory, refusing anything that would land outside it: absolute names,
 * {@code ..} segments, an entry whose parent is a symlink (an earlier entry's {@code a -> /} then {@code a/etc/passwd}
 * is refused, never written through), and hardlinks whose target is not a file inside the layer. An existing symlink
 * at an entry's own name is replaced, never followed. OCI whiteouts become overlayfs ones: {@code .wh.<name>} a 0:0
 * character device, {@code .wh..wh..opq} the opaque xattr on its directory. Modes are kept (directories' at the end,
 * so a read-only directory can still be filled), owners too when running as root. Device nodes are skipped: a
 * container's /dev comes from its runtime.
 */
final class LayerExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(LayerExtractor.class);
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    private static final int DIR_MODE = 0755;

    record Stats(int entries, long bytes, int whiteouts, int opaqueDirs, int skipped) {
    }

    private final SpecialFiles special;
    private final boolean keepOwners;

    LayerExtractor(SpecialFiles special, boolean keepOwners) {
        this.special = special;
        this.keepOwners = keepOwners;
    }

    /** Unpacks {@code tar} into {@code root} (an existing empty directory). Does not close {@code tar}. */
    Stats extract(InputStream tar, Path root, String layer) throws IOException {
        return new Run(root, layer).extract(tar);
    }

    private final class Run {
        private final Path root;
        private final String layer;
        private final Set<Path> knownDirs = new HashSet<>();
        private final Set<Path> opaque = new LinkedHashSet<>();
        private final List<Object[]> dirAttrs = new ArrayList<>();
        private int entries;
        private long bytes;
        private int whiteouts;
        private int skipped;

        Run(Path root, String layer) {
            this.root = root;
            this.layer = layer;
        }

        Stats extract(InputStream raw) throws IOException {
            TarArchiveInputStream in = new TarArchiveInputStream(raw);
            Integer rootMode = null;
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries++;
                List<String> parts = components(e.getName());
                if (parts.isEmpty()) {
                    if (e.isDirectory()) {
                        rootMode = e.getMode() & 07777;
                    }
                    continue;
                }
                Path parent = parentOf(parts, e.getName());
                String name = parts.get(parts.size() - 1);
                if (name.startsWith(WHITEOUT)) {
                    whiteout(parent, name, e.getName());
                    continue;
                }
                place(in, e, parent.resolve(name));
            }
            List<Path> stillDirs = opaque.stream().filter(d -> {
                BasicFileAttributes a = SafeResolver.lstat(d);
                return a != null && a.isDirectory() && !a.isSymbolicLink();
            }).toList();
            if (!stillDirs.isEmpty()) {
                special.opaque(stillDirs);
            }
            for (int i = dirAttrs.size() - 1; i >= 0; i--) {
                Object[] d = dirAttrs.get(i);
                BasicFileAttributes a = SafeResolver.lstat((Path) d[0]);
                if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
                    continue; // replaced by a later entry
                }
                applyMode((Path) d[0], (Integer) d[1]);
                setTime((Path) d[0], (FileTime) d[2]);
            }
            applyMode(root, rootMode == null ? DIR_MODE : rootMode);
            return new Stats(entries, bytes, whiteouts, stillDirs.size(), skipped);
        }

        private void whiteout(Path parent, String name, String entryName) throws IOException {
            if (name.equals(OPAQUE)) {
                opaque.add(parent);
                return;
            }
            if (name.startsWith(WHITEOUT + WHITEOUT)) { // other AUFS metadata (.wh..wh.plnk, ...): not for us
                skipped++;
                return;
            }
            String hidden = name.substring(WHITEOUT.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw refuse(entryName, "is not a valid whiteout");
            }
            Path target = parent.resolve(hidden);
            if (SafeResolver.lstat(target) != null) {
                return; // a whiteout hides lower layers only, never its own layer's file
            }
            special.whiteout(target);
            whiteouts++;
        }

        private void place(TarArchiveInputStream in, TarArchiveEntry e, Path target) throws IOException {
            BasicFileAttributes existing = SafeResolver.lstat(target);
            if (e.isDirectory()) {
                if (existing != null && !(existing.isDirectory() && !existing.isSymbolicLink())) {
                    remove(target, existing);
                    existing = null;
                }
                if (existing == null) {
                    Files.createDirectory(target);
                }
                knownDirs.add(target);
                owners(target, e);
                dirAttrs.add(new Object[] {target, e.getMode() & 07777, FileTime.from(e.getLastModifiedDate()
                        .toInstant())});
                return;
            }
            if (e.isLink()) { // hardlink: resolve its target first, inside the layer, before touching anything
                Path source = hardlinkSource(e);
                if (source.equals(target)) {
                    return;
                }
                if (existing != null) {
                    remove(target, existing);
                }
                Files.createLink(target, source);
                return;
            }
            if (e.isCharacterDevice() || e.isBlockDevice()) {
                LOG.debug("layer-entry-skipped layer={} entry=\"{}\" why=device", layer, e.getName());
                skipped++;
                return;
            }
            boolean symlink = e.isSymbolicLink();
            boolean fifo = e.isFIFO();
            boolean file = !symlink && !fifo && isRegular(e);
            if (!symlink && !fifo && !file) {
                LOG.debug("layer-entry-skipped layer={} entry=\"{}\" type={}", layer, e.getName(), (char) e.getLinkFlag());
                skipped++;
                return;
            }
            if (existing != null) {
                remove(target, existing);
            }
            if (symlink) {
                String link = e.getLinkName();
                if (link == null || link.isEmpty()) {
                    throw refuse(e.getName(), "is a symlink to nothing");
                }
                Files.createSymbolicLink(target, Path.of(link)); // stored only: nothing here ever follows it
            } else if (fifo) {
                special.fifo(target);
            } else {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    bytes += in.transferTo(out);
                }
            }
            owners(target, e);
            if (!symlink) {
                applyMode(target, e.getMode() & 07777);
            }
            setTime(target, FileTime.from(e.getLastModifiedDate().toInstant()));
        }

        private boolean isRegular(TarArchiveEntry e) {
            byte flag = e.getLinkFlag();
            return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM
                    || flag == TarConstants.LF_CONTIG || flag == TarConstants.LF_GNUTYPE_SPARSE;
        }

        /** The parent directory of an entry, creating missing directories; refuses a symlink or file on the way. */
        private Path parentOf(List<String> parts, String entryName) throws IOException {
            Path p = root;
            for (int i = 0; i < parts.size() - 1; i++) {
                p = p.resolve(parts.get(i));
                if (knownDirs.contains(p)) {
                    continue;
                }
                BasicFileAttributes a = SafeResolver.lstat(p);
                if (a == null) {
                    Files.createDirectory(p);
                    applyMode(p, DIR_MODE);
                } else if (a.isSymbolicLink()) {
                    throw refuse(entryName, "runs through the symlink " + root.relativize(p));
                } else if (!a.isDirectory()) {
                    throw refuse(entryName, "runs through " + root.relativize(p) + ", which is not a directory");
                }
                knownDirs.add(p);
            }
            return p;
        }

        private Path hardlinkSource(TarArchiveEntry e) throws IOException {
            String link = e.getLinkName();
            if (link == null || link.isEmpty()) {
                throw refuse(e.getName(), "is a hardlink to nothing");
            }
            List<String> parts = components(link);
            if (parts.isEmpty()) {
                throw refuse(e.getName(), "is a hardlink to the layer's root");
            }
            Path source = parentOf(parts, e.getName()).resolve(parts.get(parts.size() - 1));
            BasicFileAttributes a = SafeResolver.lstat(source);
            if (a == null) {
                throw refuse(e.getName(), "is a hardlink to " + link + ", which is not in the layer");
            }
            if (a.isDirectory()) {
                throw refuse(e.getName(), "is a hardlink to the directory " + link);
            }
            return source;
        }

        private void remove(Path target, BasicFileAttributes existing) throws IOException {
            if (existing.isDirectory() && !existing.isSymbolicLink()) {
                TreeDeleter.delete(target);
                knownDirs.removeIf(d -> d.startsWith(target));
                opaque.removeIf(d -> d.startsWith(target));
            } else {
                Files.delete(target);
            }
        }

        private void owners(Path target, TarArchiveEntry e) throws IOException {
            if (keepOwners) {
                Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }

        private List<String> components(String name) {
            if (name.startsWith("/")) {
                throw refuse(name, "is an absolute path");
            }
            List<String> parts = new ArrayList<>();
            for (String part : name.split("/")) {
                if (part.equals("..")) {
                    throw refuse(name, "escapes the layer with '..'");
                }
                if (!part.isEmpty() && !part.equals(".")) {
                    parts.add(part);
                }
            }
            return parts;
        }

        private RuntimeException refuse(String entryName, String why) {
            return Refusals.invalid(RootfsUri.FIELD + ": layer " + layer + ": entry '" + entryName + "' " + why);
        }
    }

    private static void applyMode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    private static void setTime(Path p, FileTime time) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, null, null);
    }
}
