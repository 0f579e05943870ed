package dev.allotment.depot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The crash-safe record of what the agent acquired, one entry per container: {@code <depotDir>/<id>/reservation.json}.
 * Changes to the disk are serialised; lookups read an in-memory index that follows every change.
 */
public final class Depot {
    private static final String TMP_DIR = "tmp";

    private final Path depotDir;
    private final Clock clock;
    private final EntryDeleter deleter;
    private final Object diskLock = new Object();
    private volatile DepotIndex index = DepotIndex.EMPTY;

    public Depot(Path depotDir, Clock clock) {
        this(depotDir, clock, EntryDeleter::unixDevice);
    }

    Depot(Path depotDir, Clock clock, ToLongFunction<Path> deviceOf) {
        this(depotDir, clock, deviceOf, MountTable::read);
    }

    Depot(Path depotDir, Clock clock, ToLongFunction<Path> deviceOf, Supplier<List<Path>> mountPoints) {
        this.depotDir = depotDir.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deleter = new EntryDeleter(deviceOf, mountPoints);
    }

    public Path directory() {
        return depotDir;
    }

    public Path entryDir(String containerId) {
        return depotDir.resolve(ContainerIds.requireValid(containerId));
    }

    /**
     * Makes a new entry and writes its first record. Fails if an entry (even a broken one) exists for the ID.
     * Missing timestamps are taken from the clock. Returns the record as stored.
     */
    public DepotRecord create(DepotRecord record) {
        DepotRecord stored = stamped(record);
        Path entry = entryDir(stored.containerId());
        synchronized (diskLock) {
            try {
                Files.createDirectories(depotDir);
                Files.createDirectory(entry);
            } catch (FileAlreadyExistsException e) {
                throw new DepotException("depot entry " + entry + " already exists; refusing to overwrite it", e);
            } catch (IOException e) {
                throw new DepotException("cannot create depot entry " + entry, e);
            }
            try {
                AtomicFile.replace(entry.resolve(EntryReader.RECORD_FILE), DepotJson.toBytes(stored));
                AtomicFile.syncDirectory(depotDir);
            } catch (IOException | RuntimeException e) {
                DepotException failure = new DepotException("cannot write the first record of " + entry, e);
                removeHalfCreated(entry, failure);
                throw failure;
            }
            index = index.with(stored);
            return stored;
        }
    }

    /**
     * Atomically and durably replaces the record of an existing entry: after a crash, the entry holds either
     * the old record or this one. Missing timestamps are taken from the clock. Returns the record as stored.
     */
    public DepotRecord write(DepotRecord record) {
        DepotRecord stored = stamped(record);
        Path entry = entryDir(stored.containerId());
        synchronized (diskLock) {
            if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                throw new DepotException("no depot entry " + entry + "; create it first");
            }
            try {
                AtomicFile.replace(entry.resolve(EntryReader.RECORD_FILE), DepotJson.toBytes(stored));
            } catch (IOException | RuntimeException e) {
                reindexFromDisk(entry, stored.containerId());
                throw new DepotException("cannot write the record of " + entry, e);
            }
            index = index.with(stored);
            return stored;
        }
    }

    /**
     * Scans the depot, replacing the index with what it finds. Never throws for a bad entry: each one is
     * reported as broken, for the caller to release. Leftover temp files of interrupted writes are deleted.
     */
    public LoadResult load() {
        synchronized (diskLock) {
            List<DepotRecord> records = new ArrayList<>();
            List<BrokenEntry> broken = new ArrayList<>();
            for (Path entry : entryDirectories()) {
                EntryReader.Outcome outcome = EntryReader.read(entry);
                if (outcome.record() != null) {
                    records.add(outcome.record());
                } else {
                    broken.add(outcome.broken());
                }
            }
            records.sort(Comparator.comparing(DepotRecord::containerId));
            broken.sort(Comparator.comparing(BrokenEntry::containerId));
            index = DepotIndex.of(records);
            return new LoadResult(records, broken);
        }
    }

    public Optional<DepotRecord> byContainerId(String containerId) {
        return index.byContainerId(containerId);
    }

    public Optional<DepotRecord> byUid(String uid) {
        return index.byUid(uid);
    }

    public Optional<DepotRecord> byHandle(String handle) {
        return index.byHandle(handle);
    }

    /** All indexed records, sorted by container ID. */
    public List<DepotRecord> records() {
        return index.records();
    }

    /**
     * Removes an entry and everything in it, without following symlinks. Refuses, before deleting anything, if
     * the entry holds a mount point or a directory on another device. Deleting an absent entry does nothing.
     */
    public void delete(String containerId) {
        Path entry = entryDir(containerId);
        synchronized (diskLock) {
            deleteEntry(entry);
            index = index.without(containerId);
        }
    }

    /** Removes a broken entry as {@link #delete} does. Refuses if the entry has since become a readable record. */
    public void deleteBroken(BrokenEntry broken) {
        String name = broken.containerId();
        if (name == null || name.isEmpty() || name.startsWith(".") || name.equals(TMP_DIR)
                || name.contains("/") || name.contains("\0")) {
            throw new DepotException("'" + name + "' does not name a depot entry");
        }
        Path entry = depotDir.resolve(name);
        if (!entry.getParent().equals(depotDir)) {
            throw new DepotException("'" + name + "' does not name a depot entry");
        }
        synchronized (diskLock) {
            if (index.byContainerId(name).isPresent()) {
                throw new DepotException("depot entry " + entry + " holds a readable record; use delete");
            }
            deleteEntry(entry);
        }
    }

    private void deleteEntry(Path entry) {
        try {
            if (deleter.delete(entry, EntryReader.RECORD_FILE)) {
                AtomicFile.syncDirectory(depotDir);
            }
        } catch (IOException e) {
            throw new DepotException("cannot delete depot entry " + entry, e);
        }
    }

    private List<Path> entryDirectories() {
        if (!Files.exists(depotDir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(depotDir);
            } catch (IOException e) {
                throw new DepotException("cannot create the depot directory " + depotDir, e);
            }
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(depotDir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!name.startsWith(".") && !name.equals(TMP_DIR)
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(child);
                }
            }
        } catch (IOException e) {
            throw new DepotException("cannot list the depot directory " + depotDir, e);
        }
        return entries;
    }

    private DepotRecord stamped(DepotRecord record) {
        Objects.requireNonNull(record, "record");
        ContainerIds.requireValid(record.containerId());
        if (record.schemaVersion() != DepotRecord.CURRENT_SCHEMA_VERSION) {
            throw new DepotException("record of " + record.containerId() + " has schemaVersion "
                    + record.schemaVersion() + "; this depot writes " + DepotRecord.CURRENT_SCHEMA_VERSION);
        }
        if (record.state() == null) {
            throw new DepotException("record of " + record.containerId() + " has no state");
        }
        if (record.createdAt() != null && record.updatedAt() != null) {
            return record;
        }
        var now = clock.instant();
        return new DepotRecord(record.schemaVersion(), record.containerId(), record.owner(), record.handle(),
                record.state(), record.spec(), record.resources(),
                record.createdAt() == null ? now : record.createdAt(),
                record.updatedAt() == null ? now : record.updatedAt());
    }

    // A failed write may still have renamed; the index must say what the disk says.
    private void reindexFromDisk(Path entry, String containerId) {
        EntryReader.Outcome outcome = EntryReader.read(entry);
        index = outcome.record() != null ? index.with(outcome.record()) : index.without(containerId);
    }

    private void removeHalfCreated(Path entry, DepotException failure) {
        try {
            deleter.delete(entry, EntryReader.RECORD_FILE);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
