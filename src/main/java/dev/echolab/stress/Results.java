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
 * Turns what the loops measured and the coordinator saw into a {@link ModelResult}, notes in plain words included.
 * Called once the loops have ended.
 */
final class Results {

    private Results() {}

    static ModelResult of(
            ResolvedTarget target,
            InetSocketAddress address,
            StressRequest request,
            Schedule schedule,
            List<LoopFigures> loops,
            LoadWatch.Watched watched,
            Instant startedAt,
            long finishedNanos,
            boolean cancelled) {
        Tally tally = Tally.NONE;
        double clientCpuNanos = 0;
        long lastCompletion = 0;
        long windowMessages = 0;
        long measuredNanos = 0;
        long idleNanos = 0;
        Histogram sendLag = schedule.openLoop() ? LoadGenerator.histogram() : null;
        long lateSends = 0;
        PerSecond perSecond = schedule.perSecond();
        List<String> crashes = new ArrayList<>();
        for (LoopFigures loop : loops) {
            tally = tally.plus(loop.tally());
            windowMessages += loop.windowMessages();
            perSecond.add(loop.perSecond());
            lastCompletion = Math.max(lastCompletion, loop.lastCompletionAt());
            clientCpuNanos += loop.cpuNanos();
            measuredNanos += loop.measuredNanos();
            idleNanos += loop.idleNanos();
            if (sendLag != null && loop.sendLag() != null) {
                sendLag.add(loop.sendLag());
                lateSends += loop.lateSends();
            }
            if (loop.crash() != null) {
                crashes.add("The load generator failed: " + loop.crash() + ". Its figures are incomplete.");
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

        Cost cost = cost(watched, tally.messagesEchoed(), target.probe() != null, windowSeconds);
        Double idleShare = measuredNanos > 0 ? round((double) idleNanos / measuredNanos, 4) : null;
        ModelResult.SendLag lag =
                sendLag == null ? null : ModelResult.SendLag.of(sendLag, lateSends, schedule.periodNanos());
        ClientBound clientBound = ClientBound.judge(utilization, idleShare, cost.cpuUtilization(), lag);
        boolean machineBound = watched.machineBusy() != null && watched.machineBusy() >= MachineLoad.BOUND;
        boolean saturated = clientBound.bound() || machineBound;
        // Bytes given up for silence are missing only if the client was free to read them when they were due.
        long unanswered = saturated ? tally.timedOutBytes() : 0;
        long missing = tally.missingBytes() - unanswered;
        Integrity integrity = new Integrity(
                tally.mismatches() == 0 && missing == 0,
                tally.mismatches(),
                missing,
                tally.firstMismatchOffset(),
                tally.bytesVerified(),
                tally.unserved(),
                tally.unservedBytes(),
                unanswered);

        ModelResult result = new ModelResult(
                target.label(),
                1,
                status(tally, cancelled, !crashes.isEmpty(), clientBound.bound(), machineBound, cost.peakThreads()),
                hostPort(address),
                startedAt,
                Instant.now(),
                round(measuredSeconds, 3),
                new Connections(
                        request.connections(),
                        tally.established(),
                        tally.connectFailures(),
                        request.idleConnections(),
                        tally.idleHeld()),
                new Messages(
                        tally.messagesSent(),
                        tally.messagesEchoed(),
                        cancelled ? 0 : Saturating.add(tally.unsent(), tally.unservedUnsent())),
                new Counts(tally.bytesSent(), tally.bytesEchoed()),
                new Throughput(
                        rate(windowMessages, measuredSeconds),
                        rate(Saturating.multiply(windowMessages, request.payloadBytes()), measuredSeconds)),
                Latency.of(watched.latency()),
                tally.errors(),
                integrity,
                cost,
                new Client(
                        loops.size(),
                        round(clientCpuNanos / 1e9, 3),
                        round(utilization, 3),
                        perMessage(clientCpuNanos, tally.messagesEchoed()),
                        idleShare,
                        lag,
                        clientBound.by()),
                clientBound.bound(),
                machineBound,
                List.of(),
                encode(watched.latency()),
                schedule.epochMicros(schedule.measureStart()),
                schedule.epochMicros(windowEnd),
                perSecond.seconds(request.payloadBytes()),
                null);
        List<String> notes = new ArrayList<>(crashes);
        notes.addAll(ResultCaveats.explain(result, target, request, tally));
        return result.withNotes(notes);
    }

    /**
     * How one target's run ended. The server's own acts fail it whatever the load: a byte that came back wrong, a
     * reset, an early close, a refused connect. Silence (a response or connect timeout, open-loop messages of served
     * connections left unsent, no connection served at all) fails it only when neither the load generator nor the
     * machine was saturated; otherwise nothing valid was measured. So it is too when no connection connected, or the
     * load generator failed. Connections the server never served, beside some it did, change nothing when its
     * threads explain them ({@link Tally#queuedOnThreads}) or when the load side had room; when it was saturated, it
     * may have left them unserved itself.
     *
     * @param serverThreads the most threads the server held at once; null when they cannot be seen
     */
    static Status status(
            Tally tally,
            boolean cancelled,
            boolean crashed,
            boolean clientBound,
            boolean machineBound,
            Integer serverThreads) {
        if (cancelled) {
            return Status.CANCELLED;
        }
        Errors errors = tally.errors();
        if (tally.mismatches() > 0
                || errors.reset() > 0
                || errors.closedEarly() > 0
                || (errors.connectRefused() > 0 && tally.established() > 0)) {
            return Status.FAILED;
        }
        if (crashed || tally.established() == 0) {
            return Status.INCONCLUSIVE;
        }
        boolean saturated = clientBound || machineBound;
        boolean silence = errors.responseTimeout() > 0
                || errors.connectTimeout() > 0
                || tally.unsent() > 0
                || (tally.unserved() > 0 && tally.served() == 0);
        if (silence) {
            return saturated ? Status.INCONCLUSIVE : Status.FAILED;
        }
        if (tally.unserved() > 0 && saturated && !tally.queuedOnThreads(serverThreads)) {
            return Status.INCONCLUSIVE;
        }
        return Status.SUCCEEDED;
    }

    /** Nothing was sent, for the reason given. */
    static ModelResult nothingSent(ResolvedTarget target, StressRequest request, Instant startedAt, String reason) {
        Errors none = Errors.none();
        Histogram empty = LoadGenerator.histogram();
        long now = Schedule.of(request, System.nanoTime()).epochMicros(System.nanoTime());
        return new ModelResult(
                target.label(),
                1,
                Status.INCONCLUSIVE,
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
                new Integrity(true, 0, 0, null, 0, 0, 0, 0),
                new Cost(null, null, null, null),
                new Client(0, 0, 0, null, null, null, List.of()),
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

    /** The server's cost over {@code seconds} of wall time, from the measured window's start to the drain's end. */
    private static Cost cost(LoadWatch.Watched watched, long messages, boolean visible, double seconds) {
        if (!visible) {
            return new Cost(null, null, null, null);
        }
        if (watched.serverBefore() == null || watched.serverAfter() == null) {
            return new Cost(null, null, watched.peakThreads(), null);
        }
        long cpu = watched.serverAfter().cpuNanos() - watched.serverBefore().cpuNanos();
        // Its threads could use at most as many cores as there are threads, and no more than the machine has.
        int cores = Math.min(Runtime.getRuntime().availableProcessors(), watched.peakThreads());
        Double utilization = cores == 0 ? null : round(cpu / 1e9 / (seconds * cores), 3);
        return new Cost(round(cpu / 1e9, 3), perMessage(cpu, messages), watched.peakThreads(), utilization);
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
}
