package dev.echolab.history;

import dev.echolab.stress.StressRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finished runs the history database has not taken yet, one JSON file per run ({@code <id>.json}) in a directory
 * of their own. A file is written whole or not at all (to a temporary file, forced to the disk, then renamed over),
 * so a crash leaves either the run or nothing, never half of it; what a file holds is the run as the API shows it.
 * Thread-safe: every method works on one file, and renames are atomic.
 */
final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final JsonMapper json;
    /** Reads what another version of the app wrote: a field it does not know is skipped, not an error. */
    private final JsonMapper lenient;

    Outbox(Path dir, JsonMapper json) {
        this.dir = dir.toAbsolutePath().normalize();
        this.json = json;
        this.lenient = json.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes the run durably: once this returns, the run survives a crash of the process or of the machine.
     *
     * @throws UncheckedIOException when the disk refuses it
     */
    void put(StressRun run) {
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, run.id(), ".tmp");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(run)));
                out.force(true);
            }
            Files.move(temporary, file(run.id()), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write run " + run.id() + " to the outbox " + dir, e);
        }
    }

    /** Forgets a run: it is in the database now, or deleted. No error when it was not here. */
    void remove(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            // Left behind, it is offered to the database again at the next start, which finds it stored already.
            log.warn("could not remove run {} from the outbox {}", id, dir, e);
        }
    }

    /**
     * Every run waiting here, oldest first. A file that cannot be read (damaged, or from an incompatible version)
     * is renamed to {@code <id>.json.unreadable}, kept for a person to look at, and left out.
     */
    List<StressRun> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StressRun> runs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                read(file, runs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the outbox " + dir, e);
        }
        runs.sort(Comparator.comparing(StressRun::createdAt));
        return runs;
    }

    private void read(Path file, List<StressRun> runs) throws IOException {
        try {
            runs.add(lenient.readValue(Files.readString(file, StandardCharsets.UTF_8), StressRun.class));
        } catch (NoSuchFileException e) {
            // stored and removed meanwhile
        } catch (JacksonException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            log.error("the outbox file {} is not a run; moved it to {}", file, aside, e);
        }
    }

    private Path file(String id) {
        return dir.resolve(id + SUFFIX);
    }

    /** Makes the rename itself durable: on Linux a new directory entry survives a crash once the directory is synced. */
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened (Windows): the file itself is on the disk already.
        }
    }
}
