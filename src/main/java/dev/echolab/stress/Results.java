package dev.echolab.stress;

import dev.echolab.stress.ModelResult.Client;
import dev.echolab.stress.ModelResult.Connections;
import dev.echolab.stress.ModelResult.Cost;
import dev.echolab.stress.ModelResult.Counts;
import dev.echolab.stress.ModelResult.Errors;
import dev.echolab.stress.ModelResult.Integrity;
import dev.echolab.stress.ModelResult.Latency;
import dev.echolab.stress.ModelResult.Messages;
import dev.echolab.stress.ModelResult.Status;
import dev.echolab.stress.ModelResult.Throughput;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Turns what the loops and the coordinator saw into a {@link ModelResult}, notes in plain words included.
 * Called once the loops have ended, so their connections can be read directly.
 */
final class Results {

    private Results() {}

    /**
     * What the coordinator saw of the server and the latency.
     *
     * @param latency      every measured latency, ns
     * @param serverBefore the server's usage as measuring started; null if it never started (or no probe)
     * @param serverAfter  the server's usage after the drain; null without a probe
     * @param peakThreads  most threads the server held at a tick
     * @param machineBusy  share of the whole machine's CPU time busy over the measured window; null if unknown
     */
    record Watched(
            Histogram latency,
            Target.Usage serverBefore,
            Target.Usage serverAfter,
            int peakThreads,
            Double machineBusy) {}

    static ModelResult of(
            Target target,
            InetSocketAddress address,
            StressRequest request,
            Schedule schedule,
            List<ClientLoop> loops,
            Watched watched,
            Instant startedAt,
            long finishedNanos,
            boolean cancelled) {
        Tally tally = new Tally(request.payloadBytes());
        double clientCpuNanos = 0;
        long lastCompletion = 0;
        long windowMessages = 0;
        PerSecond perSecond = schedule.perSecond();
        List<String> crashes = new ArrayList<>();
        for (ClientLoop loop : loops) {
            for (ClientConnection c : loop.connections()) {
                tally.add(c.figures());
            }
            tally.bytesVerified += loop.bytesVerified;
            tally.drainCutShort |= loop.drainCutShort;
            windowMessages += loop.windowMessages;
            perSecond.add(loop.perSecond);
            lastCompletion = Math.max(lastCompletion, loop.lastCountedCompletionAt);
            if (loop.cpuAtMeasureStart >= 0 && loop.cpuAtEnd >= 0) {
                clientCpuNanos += loop.cpuAtEnd - loop.cpuAtMeasureStart;
            }
            if (loop.crash != null) {
                crashes.add("The load generator failed: " + loop.crash + ". Its figures are incomplete.");
            }
        }
        // The measured window: to the end of the duration (or the cancel), or to the last echo when messages end
        // the run. What comes back while draining after it counts for integrity and latency, not throughput.
        long windowEnd = schedule.endsByMessages()
                ? (lastCompletion > 0 ? lastCompletion : finishedNanos)
                : Math.min(schedule.end(), finishedNanos);
        windowEnd = Math.max(windowEnd, schedule.measureStart());
        double measuredSeconds = (windowEnd - schedule.measureStart()) / 1e9;
        double windowSeconds = Math.max(1e-9, (finishedNanos - schedule.measureStart()) / 1e9);
        double utilization = clientCpuNanos / 1e9 / (loops.size() * windowSeconds);

        Errors errors = Errors.of(tally.errors);
        Integrity integrity = new Integrity(
                tally.mismatches == 0 && tally.missingBytes == 0,
                tally.mismatches,
                tally.missingBytes,
                tally.firstMismatchOffset,
                tally.bytesVerified);
        Cost cost = cost(watched, tally.messagesEchoed, target.probe() != null);
        boolean clientBound = utilization >= LoadGenerator.CLIENT_BOUND_UTILIZATION;
        boolean machineBound = watched.machineBusy() != null && watched.machineBusy() >= MachineLoad.BOUND;
        long unsent =
                schedule.openLoop() && !cancelled ? Math.max(0, schedule.intendedMessages() - tally.messagesSent) : 0;
        Status status = cancelled
                ? Status.CANCELLED
                : errors.total() > 0 || !integrity.verified() || !crashes.isEmpty() || unsent > 0
                        ? Status.FAILED
                        : Status.SUCCEEDED;

        ModelResult result = new ModelResult(
                target.label(),
                status,
                hostPort(address),
                startedAt,
                Instant.now(),
                round(measuredSeconds, 3),
                new Connections(
                        request.connections(),
                        tally.established,
                        tally.connectFailures(),
                        request.idleConnections(),
                        tally.idleHeld),
                new Messages(tally.messagesSent, tally.messagesEchoed, unsent),
                new Counts(tally.bytesSent, tally.bytesEchoed),
                new Throughput(
                        rate(windowMessages, measuredSeconds),
                        rate(Saturating.multiply(windowMessages, request.payloadBytes()), measuredSeconds)),
                Latency.of(watched.latency()),
                errors,
                integrity,
                cost,
                new Client(
                        loops.size(),
                        round(clientCpuNanos / 1e9, 3),
                        round(utilization, 3),
                        perMessage(clientCpuNanos, tally.messagesEchoed)),
                clientBound,
                machineBound,
                List.of(),
                encode(watched.latency()),
                schedule.epochMicros(schedule.measureStart()),
                schedule.epochMicros(windowEnd),
                perSecond.seconds(request.payloadBytes()),
                null);
        List<String> notes = new ArrayList<>(crashes);
        notes.addAll(Notes.explain(result, target, request, tally));
        return result.withNotes(notes);
    }

    /** Nothing was sent, for the reason given. */
    static ModelResult nothingSent(Target target, StressRequest request, Instant startedAt, String reason) {
        Errors none = Errors.of(new long[ClientError.values().length]);
        Histogram empty = LoadGenerator.histogram();
        long now = Schedule.of(request, System.nanoTime()).epochMicros(System.nanoTime());
        return new ModelResult(
                target.label(),
                Status.FAILED,
                null,
                startedAt,
                Instant.now(),
                0,
                new Connections(request.connections(), 0, 0, request.idleConnections(), 0),
                new Messages(0, 0, 0),
                new Counts(0, 0),
                new Throughput(0, 0),
                Latency.of(empty),
                none,
                new Integrity(true, 0, 0, null, 0),
                new Cost(null, null, null),
                new Client(0, 0, 0, null),
                false,
                false,
                List.of(reason),
                encode(empty),
                now,
                now,
                List.of(),
                null);
    }

    /** HdrHistogram's compressed V2 encoding in base64: exact, and small (a few hundred bytes to a few KiB). */
    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    private static Cost cost(Watched watched, long messages, boolean visible) {
        if (!visible) {
            return new Cost(null, null, null);
        }
        if (watched.serverBefore() == null || watched.serverAfter() == null) {
            return new Cost(null, null, watched.peakThreads());
        }
        long cpu = watched.serverAfter().cpuNanos() - watched.serverBefore().cpuNanos();
        return new Cost(round(cpu / 1e9, 3), perMessage(cpu, messages), watched.peakThreads());
    }

    /** CPU µs per message, two decimals; null when no message came back. */
    private static Double perMessage(double cpuNanos, long messages) {
        return messages == 0 ? null : round(cpuNanos / 1e3 / messages, 2);
    }

    private static String hostPort(InetSocketAddress address) {
        return address == null ? null : address.getHostString() + ":" + address.getPort();
    }

    private static double rate(long count, double seconds) {
        return seconds <= 0 ? 0 : round(count / seconds, 1);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Sums over every connection of one target. */
    static final class Tally {
        final int payload;
        final long[] errors = new long[ClientError.values().length];
        int established;
        int idleHeld;
        long messagesSent;
        long messagesEchoed;
        long bytesSent;
        long bytesEchoed;
        long bytesVerified;
        long mismatches;
        long missingBytes;
        Long firstMismatchOffset;
        /** The drain was cut short: these connections were still answering, with these bytes not back yet. */
        boolean drainCutShort;

        long undrainedConnections;
        long undrainedBytes;
        /** What the JDK said of the first failed connect, e.g. "Connection refused" or "Too many open files". */
        String connectErrorMessage;
        /** Connections given up for silence before a single byte came back, and those answered before. */
        long neverAnswered;

        long stoppedAnswering;

        Tally(int payload) {
            this.payload = payload;
        }

        void add(ConnectionFigures c) {
            ClientError failure = c.failure();
            if (failure != null) {
                errors[failure.ordinal()]++;
            }
            missingBytes += c.missingBytes();
            if (c.undrainedBytes() > 0) {
                undrainedConnections++;
                undrainedBytes += c.undrainedBytes();
            }
            if (failure == ClientError.MISMATCH) {
                mismatches++;
                if (firstMismatchOffset == null || c.firstMismatchOffset() < firstMismatchOffset) {
                    firstMismatchOffset = c.firstMismatchOffset();
                }
            }
            if (c.idle()) {
                idleHeld += c.established() && failure == null ? 1 : 0;
                return;
            }
            if (c.established()) {
                established++;
            }
            messagesSent += c.messagesSent();
            messagesEchoed += c.messagesEchoed();
            bytesSent += c.bytesSent();
            bytesEchoed += c.bytesEchoed();
            if (!c.established() && c.failureMessage() != null && connectErrorMessage == null) {
                connectErrorMessage = c.failureMessage();
            }
            if (failure == ClientError.RESPONSE_TIMEOUT) {
                if (c.anyEchoed()) {
                    stoppedAnswering++;
                } else {
                    neverAnswered++;
                }
            }
        }

        int connectFailures() {
            return (int)
                    (errors[ClientError.CONNECT_REFUSED.ordinal()] + errors[ClientError.CONNECT_TIMEOUT.ordinal()]);
        }
    }
}
