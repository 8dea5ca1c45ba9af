package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.echolab.EchoLabApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run} as a real process, stopped by a signal mid-run, as Kubernetes stops a pod at its deadline and Ctrl-C
 * stops a terminal's: the run is cancelled, and what it measured is still printed and written to {@code --out}, then
 * the process exits with 128 + the signal.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunSignalTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void sigtermCancelsTheRunAndItsResultSoFarIsPrintedAndWritten() throws Exception {
        Child run = start(dir.resolve("r.json"));
        run.awaitMeasuring();

        // SIGTERM on Linux; through the handle, which leaves this side's pipes open (Process.destroy closes them).
        assertThat(run.process().toHandle().destroy()).isTrue();

        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process().exitValue()).isEqualTo(143);
        JsonNode printed = json.readTree(run.stdout().get(30, TimeUnit.SECONDS));
        JsonNode written = json.readTree(Files.readString(dir.resolve("r.json")));
        for (JsonNode result : List.of(printed, written)) {
            assertThat(result.path("status").asString()).isEqualTo("CANCELLED");
            assertThat(result.path("results").get(0).path("status").asString()).isEqualTo("CANCELLED");
            assertThat(result.path("results")
                            .get(0)
                            .path("messages")
                            .path("echoed")
                            .asLong())
                    .isPositive();
        }
        assertThat(written).isEqualTo(printed);
        assertThat(run.stderr()).anyMatch(l -> l.contains("cancelling the run"));
    }

    @Test
    void sigintDoesTheSameAndExits130() throws Exception {
        // A shell that starts a command in the background (`cmd &`, without job control) makes it ignore SIGINT,
        // and every child inherits that: the JVM then rightly leaves SIGINT alone. Nothing to test in such a build.
        assumeFalse(
                sigintIgnored(),
                "SIGINT is ignored by this build's JVM (started in the background by a shell), so a child ignores it"
                        + " too; run the build in the foreground to test it");
        Child run = start(dir.resolve("r.json"));
        run.awaitMeasuring();

        new ProcessBuilder("kill", "-INT", String.valueOf(run.process().pid()))
                .start()
                .waitFor(10, TimeUnit.SECONDS);

        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process().exitValue()).isEqualTo(130);
        JsonNode printed = json.readTree(run.stdout().get(30, TimeUnit.SECONDS));
        assertThat(printed.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(printed.path("results")
                        .get(0)
                        .path("messages")
                        .path("echoed")
                        .asLong())
                .isPositive();
    }

    /** Whether this process ignores SIGINT (signal 2: bit 1 of SigIgn in /proc/self/status, Linux). */
    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseUnsignedLong(
                        line.substring("SigIgn:".length()).trim(), 16))
                .anyMatch(mask -> (mask & 0b10) != 0);
    }

    /**
     * A process that does as the jar does ({@link EchoLabApplication#main}), on this test's class path: a long run
     * of an in-process server, its stdout collected, its stderr lines followed.
     */
    private Child start(Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EchoLabApplication.class.getName(),
                        "run",
                        "--model",
                        "multiplexing",
                        "--connections",
                        "4",
                        "--duration",
                        "5m",
                        "--warmup",
                        "0s",
                        "--out",
                        out.toString())
                .start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                r -> Thread.ofPlatform().name("child-stdout").start(r));
        return new Child(
                process,
                stdout,
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)));
    }

    /** The child process: its stdout as one string once it ends, its stderr as lines. */
    private static final class Child {
        private final Process process;
        private final CompletableFuture<String> stdout;
        private final BufferedReader errors;
        private final List<String> seen = new ArrayList<>();
        private Thread reader;

        Child(Process process, CompletableFuture<String> stdout, BufferedReader errors) {
            this.process = process;
            this.stdout = stdout;
            this.errors = errors;
        }

        Process process() {
            return process;
        }

        CompletableFuture<String> stdout() {
            return stdout;
        }

        /**
         * Reads stderr until the run measures (its progress line says so), then a second more, so that messages
         * have come back; stderr is read on to the end in the background so the child never blocks on it.
         */
        void awaitMeasuring() throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            String line;
            while (Instant.now().isBefore(deadline) && (line = errors.readLine()) != null) {
                seen.add(line);
                if (line.contains("multiplexing measuring")) {
                    break;
                }
            }
            assertThat(seen).as("stderr of the child").anyMatch(l -> l.contains("multiplexing measuring"));
            reader = Thread.ofPlatform().name("child-stderr").start(() -> {
                try {
                    String more;
                    while ((more = errors.readLine()) != null) {
                        synchronized (seen) {
                            seen.add(more);
                        }
                    }
                } catch (IOException e) {
                    // the child is gone
                }
            });
            Thread.sleep(1_000);
        }

        /** Every line the child wrote to stderr, once it has ended. */
        List<String> stderr() throws InterruptedException {
            reader.join(Duration.ofSeconds(30));
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }
    }
}
