package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a run ends, against servers that misbehave in one way each over real sockets: the drain of a slow server,
 * the open loop's accounting of every intended message, the bytes lost however a connection ends, and a
 * coordinator that fails.
 */
@Timeout(60)
class EndOfRunTests {

    @AutoClose
    private FaultyServer server;

    @Test
    void aServerThatIsSlowToEchoTheLastMessagesIsDrainedNotBlamed() throws Exception {
        // 64 KiB in flight per connection at the end; the server echoes 8 KiB every 600 ms: a drain of about 5 s,
        // longer than every timeout added up, with a byte back well within each response timeout.
        StressRequest request =
                new StressRequest(List.of("slow"), null, 4, 1024, 1.0, null, 0.0, 64, null, 0.0, 1, 1_000);
        ModelResult result = run(request, () -> (read, offset, out) -> {
            Thread.sleep(600);
            out.write(read);
            return true;
        });

        assertThat(result.status()).as("%s", result).isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.errors().total()).isZero();
        assertThat(result.messages().echoed())
                .as("the drain's echoes count")
                .isEqualTo(result.messages().sent());
        assertThat(result.integrity().verified()).isTrue();
        long inWindow = result.perSecond().stream()
                .mapToLong(ModelResult.Second::messages)
                .sum();
        assertThat(inWindow)
                .as("but not for throughput")
                .isLessThan(result.messages().echoed());
        assertThat(result.notes()).noneSatisfy(note -> assertThat(note).contains("at a time"));
    }

    @Test
    void everyIntendedOpenLoopMessageIsMeasuredOrCountedUnsent() throws Exception {
        // 4 connections at 100 msg/s each for 1.5 s; the server resets each one after 10 messages.
        ModelResult result = run(Load.openLoop(4, 400, 1.5), () -> new FaultyServer.Fault() {
            @Override
            public boolean echo(byte[] read, long offset, OutputStream out) throws IOException {
                out.write(read);
                return offset + read.length < 10 * 64;
            }

            @Override
            public boolean resets() {
                return true;
            }
        });

        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.messages().unsent()).as("%s", result).isGreaterThan(4 * 100L);
        assertThat(result.messages().sent() + result.messages().unsent())
                .as("intended: 4 × 150")
                .isEqualTo(600);
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains(result.messages().unsent() + " messages")
                        .contains("never sent"));
    }

    @Test
    void bytesSentAndNeverEchoedAreMissingWhenTheServerResets() throws Exception {
        // echoes the first 1000 bytes of the stream, swallows the rest of what it read, then resets
        ModelResult result = run(Load.closedLoop(3, 3.0, 2_000), () -> new FaultyServer.Fault() {
            @Override
            public boolean echo(byte[] read, long offset, OutputStream out) throws IOException {
                int upTo = (int) Math.clamp(1000 - offset, 0, read.length);
                out.write(read, 0, upTo);
                return upTo == read.length;
            }

            @Override
            public boolean resets() {
                return true;
            }
        });

        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.errors().reset() + result.errors().closedEarly()).isEqualTo(3);
        assertThat(result.errors().reset()).as("%s", result.errors()).isPositive();
        assertThat(result.integrity().missingBytes())
                .as("bytes 1000-1023 of each")
                .isEqualTo(3L * 24);
        assertThat(result.integrity().verified()).isFalse();
    }

    @Test
    void aCoordinatorThatFailsTakesItsLoadThreadsDownWithIt() throws Exception {
        server = new FaultyServer(() -> (read, offset, out) -> {
            out.write(read);
            return true;
        });
        LoadGenerator.Listener failing = (live, tick) -> {
            if (live.connectionsEstablished() > 0) {
                throw new IllegalStateException("the coordinator fails");
            }
        };
        LoadGenerator generator = new LoadGenerator(
                Load.closedLoop(5, 30.0, 2_000),
                Load.loopback(server.port()),
                new RunControl(),
                failing,
                42,
                TimeUnit.MINUTES.toNanos(1),
                2);

        List<Thread> before = loadThreads(); // another test's run may still be ending in this JVM

        assertThatThrownBy(() -> generator.run(0, 1)).hasMessage("the coordinator fails");

        assertThat(loadThreads()).as("no load thread outlives its coordinator").isSubsetOf(before);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the server thread notices the close on its own schedule
        }
        assertThat(server.openConnections()).as("every client socket closed").isZero();
    }

    private static List<Thread> loadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("echo-lab-stress-"))
                .toList();
    }

    private ModelResult run(StressRequest request, Supplier<FaultyServer.Fault> fault) throws Exception {
        server = new FaultyServer(fault);
        return Load.run(request, Load.loopback(server.port()));
    }
}
