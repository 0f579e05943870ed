package dev.allotment.depot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.allotment.depot.BrokenEntry.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one entry directory into a record, or says why it cannot be used. Never throws. Deletes leftover temp
 * files first: they are writes that never reached their rename, so they were never committed.
 */
final class EntryReader {
    static final String RECORD_FILE = "reservation.json";
    static final String TEMP_PREFIX = AtomicFile.tempPrefix(Path.of(RECORD_FILE));
    private static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    /** Exactly one of record and broken is set. */
    record Outcome(DepotRecord record, BrokenEntry broken) {
    }

    private EntryReader() {
    }

    static Outcome read(Path entryDir) {
        String name = entryDir.getFileName().toString();
        if (!ContainerIds.isValid(name)) {
            return broken(entryDir, Problem.INVALID_NAME, "directory name is not a container ID",
                    OwnerUidSalvager.from(readQuietly(entryDir.resolve(RECORD_FILE))));
        }
        try {
            removeLeftoverTemps(entryDir);
            return parse(entryDir, name, readCapped(entryDir.resolve(RECORD_FILE)));
        } catch (NoSuchFileException e) {
            return broken(entryDir, Problem.MISSING_RECORD, RECORD_FILE + " is missing", null);
        } catch (IOException | RuntimeException e) {
            return broken(entryDir, Problem.CORRUPT, "cannot read " + RECORD_FILE + ": " + e, null);
        }
    }

    private static Outcome parse(Path entryDir, String name, byte[] content) throws IOException {
        String uid = OwnerUidSalvager.from(content);
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            return broken(entryDir, Problem.CORRUPT, RECORD_FILE + " is empty", null);
        }
        JsonNode tree;
        try {
            tree = DepotJson.MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            return broken(entryDir, Problem.CORRUPT, RECORD_FILE + " is not valid JSON: " + e.getOriginalMessage(),
                    uid);
        }
        if (!tree.isObject()) {
            return broken(entryDir, Problem.CORRUPT, RECORD_FILE + " is not a JSON object", uid);
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt() || version.intValue() != DepotRecord.CURRENT_SCHEMA_VERSION) {
            return broken(entryDir, Problem.UNKNOWN_VERSION, "schemaVersion " + version + " is not "
                    + DepotRecord.CURRENT_SCHEMA_VERSION, uid);
        }
        DepotRecord record;
        try {
            record = DepotJson.MAPPER.treeToValue(tree, DepotRecord.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return broken(entryDir, Problem.CORRUPT, RECORD_FILE + " does not match the schema: "
                    + e.getMessage(), uid);
        }
        if (record.state() == null) {
            return broken(entryDir, Problem.CORRUPT, RECORD_FILE + " has no state", uid);
        }
        if (!name.equals(record.containerId())) {
            return broken(entryDir, Problem.MISMATCHED_ID, "record is for container ID " + record.containerId(),
                    uid);
        }
        return new Outcome(record, null);
    }

    // A temp that cannot be deleted is still ignored, so failing here must not make the entry broken.
    private static void removeLeftoverTemps(Path entryDir) {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(entryDir, TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                if (!Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // see above
        }
    }

    // NOFOLLOW_LINKS: a symlinked record is not ours and must not make the agent read an arbitrary file.
    private static byte[] readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes(MAX_RECORD_BYTES + 1);
            if (content.length > MAX_RECORD_BYTES) {
                throw new IOException(file + " is larger than " + MAX_RECORD_BYTES + " bytes");
            }
            return content;
        }
    }

    private static byte[] readQuietly(Path file) {
        try {
            return readCapped(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Outcome broken(Path entryDir, Problem problem, String message, String ownerUid) {
        String name = entryDir.getFileName().toString();
        return new Outcome(null, new BrokenEntry(name, entryDir, problem, message, ownerUid));
    }
}
