package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.echolab.stress.FlakyArchive;
import dev.echolab.stress.HistoryUnavailableException;
import dev.echolab.stress.RunQuery;
import dev.echolab.stress.StressRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox and the breaker around the history database, over a database in memory that the tests take down and
 * bring back (the real one is taken away in {@link HistoryOutageIntegrationTests}).
 */
@Timeout(60)
class DurableArchiveTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RunQuery ALL = new RunQuery(null, null, null, null);

    @TempDir
    Path dir;

    private final Database database = new Database();
    private DurableArchive archive;

    @AfterEach
    void stop() {
        if (archive != null) {
            archive.destroy();
        }
    }

    @Test
    void aRunTheDatabaseRefusesWaitsInTheOutboxAndIsStoredOnceItIsBack() throws IOException {
        archive = archive(database);
        database.failing = true;

        archive.store(run("a1b2c3d4e5f60718"));

        assertThat(files()).containsExactly("a1b2c3d4e5f60718.json");
        StressRun pending = archive.find("a1b2c3d4e5f60718").orElseThrow();
        assertThat(pending.storage().status()).isEqualTo("PENDING");
        assertThat(pending.storage().detail()).contains("outbox").contains("the database is down");
        assertThat(archive.pending()).extracting(StressRun::id).containsExactly("a1b2c3d4e5f60718");

        database.failing = false;
        await().atMost(Duration.ofSeconds(10))
                .until(() -> database.find("a1b2c3d4e5f60718").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> archive.pending().isEmpty());
        assertThat(files()).isEmpty();
        assertThat(archive.find("a1b2c3d4e5f60718").orElseThrow().storage().status())
                .isEqualTo("STORED");
    }

    @Test
    void theNextProcessOnTheSameOutboxStoresWhatWasLeftThere() throws IOException {
        archive = archive(database);
        database.failing = true;
        archive.store(run("a1b2c3d4e5f60718"));
        archive.destroy();

        Database next = new Database();
        archive = archive(next);
        assertThat(archive.pending()).as("listed before it is offered").hasSize(1);
        archive.start();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> next.find("a1b2c3d4e5f60718").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> files().isEmpty());
    }

    @Test
    void onceTheDatabaseFailedReadsDoNotWaitOnItUntilItIsTriedAgain() {
        archive = archive(database);
        database.failing = true;
        assertThatThrownBy(() -> archive.list(ALL, 0, 20)).isInstanceOf(HistoryUnavailableException.class);
        int calls = database.calls.get();

        assertThatThrownBy(() -> archive.count(ALL)).isInstanceOfSatisfying(HistoryUnavailableException.class, e -> {
            assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(e.reason()).contains("the database is down");
        });
        assertThat(database.calls.get()).as("not asked again").isEqualTo(calls);
    }

    @Test
    void aDeleteWhileARetryStoresTheRunIsNotUndoneByIt() throws Exception {
        archive = archive(database);
        database.failing = true;
        archive.store(run("a1b2c3d4e5f60718"));
        CountDownLatch storing = database.holdWrites();
        database.failing = false;
        assertThat(storing.await(10, TimeUnit.SECONDS))
                .as("a retry is storing it")
                .isTrue();

        assertThat(archive.delete("a1b2c3d4e5f60718")).isTrue();
        database.releaseWrites();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(database.stores.get()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(database.find("a1b2c3d4e5f60718"))
                        .as("deleted once stored")
                        .isEmpty());
        assertThat(archive.find("a1b2c3d4e5f60718")).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void aFileThatIsNotARunIsSetAsideAndTheRestGoOn() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("0a729136.json"), "{not json");
        database.failing = true;
        new Outbox(dir, JSON).put(run("a1b2c3d4e5f60718"));

        archive = archive(database);

        assertThat(archive.pending()).extracting(StressRun::id).containsExactly("a1b2c3d4e5f60718");
        assertThat(files()).containsExactly("0a729136.json.unreadable", "a1b2c3d4e5f60718.json");
    }

    private DurableArchive archive(Database db) {
        return new DurableArchive(
                db, new Outbox(dir, JSON), new OutboxProperties(dir, Duration.ofMillis(20), Duration.ofMillis(100)));
    }

    private List<String> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static StressRun run(String id) {
        return JSON.readValue("""
                {"id": "%s", "status": "SUCCEEDED", "progress": 1, "createdAt": "2026-01-01T00:00:00Z",
                 "request": {"models": ["blocking"]}, "results": []}
                """.formatted(id), StressRun.class);
    }

    /** A database in memory that can be down, and that counts what it is asked. */
    private static final class Database extends FlakyArchive {

        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger stores = new AtomicInteger();

        @Override
        public void store(StressRun run) {
            calls.incrementAndGet();
            super.store(run);
            stores.incrementAndGet();
        }

        @Override
        public synchronized List<StressRun> list(RunQuery query, long offset, int limit) {
            check();
            return super.list(query, offset, limit);
        }

        @Override
        public synchronized long count(RunQuery query) {
            check();
            return super.count(query);
        }

        private void check() {
            calls.incrementAndGet();
            if (failing) {
                throw new DataAccessResourceFailureException("the database is down");
            }
        }
    }
}
