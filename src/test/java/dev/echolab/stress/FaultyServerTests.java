package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that get echo wrong in one way each, and the engine catching it, naming the kind of error. */
@Timeout(30)
class FaultyServerTests {

    private static final int BAD_OFFSET = 100;

    @AutoClose
    private FaultyServer server;

    @Test
    void aFlippedByteIsAMismatchAtItsOffset() throws Exception {
        ModelResult result = run(Load.closedLoop(5, 0.5, 2_000), () -> (read, offset, out) -> {
            if (offset <= BAD_OFFSET && BAD_OFFSET < offset + read.length) {
                read[(int) (BAD_OFFSET - offset)] ^= 0x20;
            }
            out.write(read);
            return true;
        });

        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.errors().mismatch()).isEqualTo(5);
        assertThat(result.integrity().verified()).isFalse();
        assertThat(result.integrity().mismatches()).isEqualTo(5);
        assertThat(result.integrity().firstMismatchOffset()).isEqualTo(BAD_OFFSET);
        assertThat(result.integrity().bytesVerified())
                .as("up to the bad byte on each connection")
                .isEqualTo(5L * BAD_OFFSET);
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note).contains("differ").contains("offset 100"));
    }

    @Test
    void aDroppedByteShiftsTheStreamAndIsAMismatchWhereItWasDropped() throws Exception {
        ModelResult result = run(Load.closedLoop(5, 0.5, 2_000), () -> (read, offset, out) -> {
            if (offset <= BAD_OFFSET && BAD_OFFSET < offset + read.length) {
                int at = (int) (BAD_OFFSET - offset);
                out.write(read, 0, at);
                out.write(read, at + 1, read.length - at - 1);
            } else {
                out.write(read);
            }
            return true;
        });

        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.errors().mismatch()).isEqualTo(5);
        assertThat(result.integrity().firstMismatchOffset()).isEqualTo(BAD_OFFSET);
    }

    @Test
    void aServerThatClosesEarlyIsCaughtWithTheBytesItNeverEchoed() throws Exception {
        ModelResult result = run(Load.closedLoop(5, 0.5, 2_000), () -> (read, offset, out) -> {
            // echoes up to byte 1000 of the stream, then hangs up in the middle of a message
            int upTo = (int) Math.clamp(1000 - offset, 0, read.length);
            out.write(read, 0, upTo);
            return upTo == read.length;
        });

        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.errors().closedEarly()).isEqualTo(5);
        assertThat(result.integrity().verified()).isFalse();
        // ping-pong: message 15 (bytes 960-1023) was in flight, 40 of its bytes came back
        assertThat(result.integrity().missingBytes()).isEqualTo(5L * 24);
        assertThat(result.integrity().bytesVerified()).isEqualTo(5L * 1000);
    }

    @Test
    void aServerThatLosesItsLastByteAtTheHalfCloseIsCaughtInTheDrain() throws Exception {
        // Holds back the last byte it read and sends it with the next bytes; at the client's half-close it just
        // closes, so exactly one byte per connection never comes back. The open loop keeps sending meanwhile.
        Supplier<FaultyServer.Fault> holdsOneByteBack = () -> new FaultyServer.Fault() {
            private Byte held;

            @Override
            public boolean echo(byte[] read, long offset, OutputStream out) throws IOException {
                if (held != null) {
                    out.write(held);
                }
                out.write(read, 0, read.length - 1);
                held = read[read.length - 1];
                return true;
            }

            @Override
            public void atEndOfStream(OutputStream out) {
                // closes without the held byte
            }
        };

        ModelResult result = run(Load.openLoop(4, 400, 0.5), holdsOneByteBack);

        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.errors().closedEarly()).isEqualTo(4);
        assertThat(result.integrity().missingBytes()).isEqualTo(4);
        assertThat(result.integrity().mismatches()).isZero();
        assertThat(result.messages().echoed()).isPositive();
    }

    @Test
    void aServerThatStopsAnsweringTimesOut() throws Exception {
        ModelResult result = run(Load.closedLoop(5, 3.0, 300), () -> (read, offset, out) -> {
            if (offset + read.length <= 1000) {
                out.write(read);
            }
            return true; // goes on reading, never answering again
        });

        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.errors().responseTimeout()).as("%s", result).isEqualTo(5);
        assertThat(result.integrity().mismatches())
                .as("what did come back was right")
                .isZero();
        // the message in flight on each connection (bytes 960-1023) never came back: lost, whatever the ending
        assertThat(result.integrity().missingBytes()).isEqualTo(5L * 64);
        assertThat(result.integrity().verified()).isFalse();
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note).contains("5 connections stopped getting " + "answers"));
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersServedNoOneAndFails() throws Exception {
        ModelResult result = run(Load.closedLoop(5, 1.0, 300), () -> (read, offset, out) -> true);

        assertThat(result.status()).as("%s", result.notes()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.integrity().unserved()).isEqualTo(5);
        assertThat(result.integrity().unservedBytes()).isEqualTo(5L * 64);
        assertThat(result.integrity().missingBytes()).isZero();
        assertThat(result.errors().total())
                .as("never served is not an error, even here")
                .isZero();
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("5 of 5 connections were never served")
                        .contains("served none"));
    }

    @Test
    void nothingListeningIsAConnectRefusedForEveryConnectionAndNothingMeasured() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        ModelResult result = Load.run(Load.closedLoop(5, 0.5, 2_000), Load.loopback(closedPort));

        assertThat(result.status()).as("nothing of a server was measured").isEqualTo(ModelResult.Status.INCONCLUSIVE);
        assertThat(result.errors().connectRefused()).isEqualTo(5);
        assertThat(result.connections().established()).isZero();
        assertThat(result.connections().failed()).isEqualTo(5);
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("5 of 5 connections could not connect (5 refused")
                        .contains("Connection refused"))
                .anySatisfy(note -> assertThat(note).contains("Inconclusive: no connection was established"));
    }

    @Test
    void theOpenLoopCountsTheQueueingDelayOfAStalledServer() throws Exception {
        long pauseMillis = 400;
        AtomicLong stalls = new AtomicLong();
        Supplier<FaultyServer.Fault> stallsOnce = () -> new FaultyServer.Fault() {
            private final AtomicBoolean stalled = new AtomicBoolean();

            @Override
            public boolean echo(byte[] read, long offset, OutputStream out) throws IOException, InterruptedException {
                if (offset + read.length > 20 * 64 && stalled.compareAndSet(false, true)) {
                    stalls.incrementAndGet();
                    Thread.sleep(pauseMillis);
                }
                out.write(read);
                return true;
            }
        };

        // 10 connections at 100 msg/s each: the pause holds back about 40 of each connection's ~120 messages,
        // and every message sent during it waits for its end.
        ModelResult result = run(Load.openLoop(10, 1_000, 1.2), stallsOnce);

        assertThat(stalls.get()).as("%s", result).isEqualTo(10);
        assertThat(result.status()).as("notes %s", result.notes()).isEqualTo(ModelResult.Status.SUCCEEDED);
        // the first ~10% of the pause's messages waited at least 300 ms: far more than 1% of all messages
        assertThat(result.latencyMicros().p99()).isGreaterThanOrEqualTo(300_000.0);
        assertThat(result.latencyMicros().max()).isGreaterThanOrEqualTo(pauseMillis * 1000.0 * 0.9);
    }

    /** On a quiet machine: a timeout here is the server's, whatever else this machine runs meanwhile. */
    private ModelResult run(StressRequest request, Supplier<FaultyServer.Fault> fault) throws Exception {
        server = new FaultyServer(fault);
        return Load.run(request, Load.loopback(server.port()), Load.machine(10));
    }
}
