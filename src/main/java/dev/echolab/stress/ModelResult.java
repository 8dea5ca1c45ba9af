package dev.echolab.stress;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one server did under the load: an entry of a run's {@code results}. Field names are part of the API.
 * Messages, bytes, throughput and latency count only messages released after the warm-up; integrity covers
 * every byte of the run.
 *
 * <p>Messages that come back while the run drains (after {@code measuredTo}) count for messages, bytes, integrity
 * and latency, but not for throughput, which covers the measured window only.
 *
 * <p>The nested records are the sections of the JSON, each with its javadoc as the reference (docs/load-generator.md
 * tells the same for users). They are one file because together they are one document; should it grow further, the
 * seam is there: each section can move to a file of its own without a change to the JSON.
 *
 * @param model            the model id (or {@code host:port} of a free target)
 * @param repeat           which repeat of the run this is, from 1 ({@code repeats} in the request: every model is
 *                         measured once per repeat, interleaved, each repeat a result of its own)
 * @param status           how it ended
 * @param target           the address that was loaded; null when it was never resolved (a model not running)
 * @param measuredSeconds  the measured window, {@code measuredTo - measuredFrom}, in seconds
 * @param messages         measured messages; {@code unsent} is the open loop's intended messages never sent
 * @param clientBound      the load generator, not the server, was the limit ({@code client.boundBy} says by which
 *                         rule): the throughput is a floor and the latency partly the generator's
 * @param machineBound     the whole machine's CPU was at least 90% busy over the measured window: neither side's
 *                         figure is the bottleneck's alone
 * @param notes            what a reader should know, in words
 * @param latencyHistogram every measured round-trip time in nanoseconds, as HdrHistogram's compressed V2 encoding
 *                         in base64 ({@code Histogram.decodeFromCompressedByteBuffer}), so that results from many
 *                         load generators can be merged exactly
 * @param measuredFrom     start of the measured window, µs since the epoch (the end of the warm-up)
 * @param measuredTo       end of the measured window, µs since the epoch (the end of the duration, or the last
 *                         measured echo when messages end the run)
 * @param perSecond        messages and bytes echoed in each whole epoch second of the measured window
 * @param shard            which share of a sharded run this is, e.g. {@code 0/2}; null unless set
 */
public record ModelResult(
        String model,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1")
        Integer repeat,

        Status status,
        @Schema(nullable = true) String target,
        Instant startedAt,
        Instant finishedAt,
        double measuredSeconds,
        Connections connections,
        Messages messages,
        Counts bytes,
        Throughput throughput,
        Latency latencyMicros,
        Errors errors,
        Integrity integrity,
        Cost cost,
        Client client,
        boolean clientBound,
        boolean machineBound,
        List<String> notes,
        String latencyHistogram,
        long measuredFrom,
        long measuredTo,
        List<Second> perSecond,
        @Schema(nullable = true) String shard) {

    /** How one target's run ended. */
    public enum Status {
        /**
         * The measurement is valid: every byte that came back was right, no served connection ended in an error or
         * lost bytes, and no intended message of a served connection went unsent. Connections the server never
         * served ({@code integrity.unserved}) do not change it, unless it served none.
         */
        SUCCEEDED,
        /**
         * The server fell short: bytes came back wrong, it closed or reset connections, refused some, or (while
         * neither the load generator nor the machine was saturated) stopped answering, let connects time out, left
         * open-loop messages unsent, or served no connection at all.
         */
        FAILED,
        /** Cancelled by the user: the figures cover what was measured until then. */
        CANCELLED,
        /**
         * Nothing valid was measured of the server: the load generator or the whole machine was the limit (response
         * or connect timeouts, unanswered bytes or unsent messages while {@code clientBound} or {@code
         * machineBound}), no connection could be established, nothing could be sent, or the load generator failed.
         * The notes say why and what to change; the figures are not the server's. Bytes that came back wrong, resets
         * and early closes are the server's whatever the load: those stay {@code FAILED}.
         */
        INCONCLUSIVE
    }

    public ModelResult {
        // A result stored before repeats existed has none: it was the only one.
        repeat = repeat == null || repeat < 1 ? 1 : repeat;
        notes = List.copyOf(notes);
        perSecond = List.copyOf(perSecond);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    ModelResult withNotes(List<String> newNotes) {
        return new ModelResult(
                model,
                repeat,
                status,
                target,
                startedAt,
                finishedAt,
                measuredSeconds,
                connections,
                messages,
                bytes,
                throughput,
                latencyMicros,
                errors,
                integrity,
                cost,
                client,
                clientBound,
                machineBound,
                newNotes,
                latencyHistogram,
                measuredFrom,
                measuredTo,
                perSecond,
                shard);
    }

    /** This result labelled as one shard of a larger run (the command line's {@code --shard}). */
    public ModelResult withShard(String newShard) {
        return with(repeat, newShard);
    }

    /** This result as the given repeat of its model in the run. */
    public ModelResult withRepeat(Integer newRepeat) {
        return with(newRepeat, shard);
    }

    private ModelResult with(Integer newRepeat, String newShard) {
        return new ModelResult(
                model,
                newRepeat,
                status,
                target,
                startedAt,
                finishedAt,
                measuredSeconds,
                connections,
                messages,
                bytes,
                throughput,
                latencyMicros,
                errors,
                integrity,
                cost,
                client,
                clientBound,
                machineBound,
                notes,
                latencyHistogram,
                measuredFrom,
                measuredTo,
                perSecond,
                newShard);
    }

    /**
     * Connections asked for, connected, and those whose connect failed; then the silent ones.
     *
     * @param requested     active connections asked for
     * @param established   active connections that connected
     * @param failed        active connections whose connect failed
     * @param idleRequested silent connections asked for ({@code idleConnections})
     * @param idleHeld      silent connections that connected and stayed open to the end of the run
     */
    public record Connections(int requested, int established, int failed, int idleRequested, int idleHeld) {}

    /**
     * Measured messages.
     *
     * @param sent   written by the client
     * @param echoed came back intact
     * @param unsent open loop: messages the schedule intended that were never sent (0 in the closed loop)
     */
    public record Messages(long sent, long echoed, long unsent) {}

    /** Measured bytes written by the client and verified on their way back. */
    public record Counts(long sent, long echoed) {}

    /**
     * What came back in one second of the measured window.
     *
     * @param t        the second, since the epoch
     * @param messages measured messages completed in it
     * @param bytes    their bytes
     */
    public record Second(long t, long messages, long bytes) {}

    public record Throughput(double messagesPerSecond, double bytesPerSecond) {}

    /** Round-trip time in µs, from HdrHistogram (3 significant digits); null when nothing was measured. */
    public record Latency(Double min, Double p50, Double p90, Double p99, Double p999, Double max, Double mean) {

        static Latency of(Histogram nanos) {
            if (nanos.getTotalCount() == 0) {
                return new Latency(null, null, null, null, null, null, null);
            }
            return new Latency(
                    micros(nanos.getMinValue()),
                    micros(nanos.getValueAtPercentile(50)),
                    micros(nanos.getValueAtPercentile(90)),
                    micros(nanos.getValueAtPercentile(99)),
                    micros(nanos.getValueAtPercentile(99.9)),
                    micros(nanos.getMaxValue()),
                    micros(nanos.getMean()));
        }

        static Double micros(double nanos) {
            return Math.round(nanos / 100.0) / 10.0;
        }
    }

    /** Connections that ended in each kind of error (see {@link ClientError}). */
    public record Errors(
            long connectRefused,
            long connectTimeout,
            long reset,
            long responseTimeout,
            long mismatch,
            long closedEarly) {

        static Errors of(long[] byKind) {
            return new Errors(
                    byKind[ClientError.CONNECT_REFUSED.ordinal()],
                    byKind[ClientError.CONNECT_TIMEOUT.ordinal()],
                    byKind[ClientError.RESET.ordinal()],
                    byKind[ClientError.RESPONSE_TIMEOUT.ordinal()],
                    byKind[ClientError.MISMATCH.ordinal()],
                    byKind[ClientError.CLOSED_EARLY.ordinal()]);
        }

        static Errors none() {
            return new Errors(0, 0, 0, 0, 0, 0);
        }

        /** One connection that ended in {@code kind}. */
        static Errors one(ClientError kind) {
            long[] byKind = new long[ClientError.values().length];
            byKind[kind.ordinal()] = 1;
            return of(byKind);
        }

        Errors plus(Errors o) {
            return new Errors(
                    connectRefused + o.connectRefused,
                    connectTimeout + o.connectTimeout,
                    reset + o.reset,
                    responseTimeout + o.responseTimeout,
                    mismatch + o.mismatch,
                    closedEarly + o.closedEarly);
        }

        public long total() {
            return connectRefused + connectTimeout + reset + responseTimeout + mismatch + closedEarly;
        }
    }

    /**
     * Every echoed byte compared with the byte sent at its offset. A byte sent that did not come back is one of
     * three things, counted apart: it came back wrong ({@code mismatches}), it was lost on a connection the server
     * was serving ({@code missingBytes}), or its connection was never served at all ({@code unserved}: queued by
     * the server, not corrupted).
     *
     * @param verified            every byte that came back was right, and none was lost on a served connection;
     *                            bytes of never-served connections, and unanswered bytes, do not count against it
     * @param mismatches          connections on which an echoed byte differed from the one sent
     * @param missingBytes        bytes sent on served connections that then ended in an error (closed early, reset,
     *                            stopped answering) without echoing them
     * @param firstMismatchOffset the lowest stream offset at which a byte differed, on any connection
     * @param bytesVerified       echoed bytes checked, warm-up included
     * @param unserved            connections that connected and never got a single byte back, given up after
     *                            {@code responseTimeoutMs} of silence or when the drain ran out of time: the server
     *                            never served them (it serves few clients at a time and queues the rest). Not errors.
     *                            0 in a result written before this figure existed (such connections were then
     *                            counted in {@code errors.responseTimeout})
     * @param unservedBytes       bytes sent on those connections, never echoed
     * @param unansweredBytes     bytes sent on served connections that were given up for silence while the load
     *                            generator or the whole machine was saturated ({@code clientBound} or
     *                            {@code machineBound}): a client too busy to read in time cannot tell them lost, so
     *                            they are not in {@code missingBytes}, and the status is {@code INCONCLUSIVE}. 0 when
     *                            nothing was saturated (such bytes are then missing)
     */
    public record Integrity(
            boolean verified,
            long mismatches,
            long missingBytes,
            Long firstMismatchOffset,
            long bytesVerified,
            @JsonSetter(nulls = Nulls.AS_EMPTY) long unserved,
            @JsonSetter(nulls = Nulls.AS_EMPTY) long unservedBytes,
            @JsonSetter(nulls = Nulls.AS_EMPTY) long unansweredBytes) {}

    /**
     * What serving the load cost the server, from its own threads; null for a free target.
     *
     * @param serverCpuSeconds    CPU time of the model's threads over the measured stretch (for virtual threads:
     *                            the carrier threads')
     * @param cpuMicrosPerMessage that CPU time per measured echoed message
     * @param peakThreads         most threads the model held at once, sampled during the run
     * @param cpuUtilization      that CPU time / (wall time × the cores its threads could use: the fewer of the
     *                            machine's cores and {@code peakThreads}): near 1, the server had no CPU to spare;
     *                            null when its CPU time is unknown
     */
    public record Cost(
            Double serverCpuSeconds, Double cpuMicrosPerMessage, Integer peakThreads, Double cpuUtilization) {}

    /**
     * The load generator's own cost over the measured stretch, and the evidence that it, not the server, set the
     * pace ({@code boundBy}, which makes {@code clientBound} true).
     *
     * @param threads             selector threads ({@code echo-lab-stress-N})
     * @param cpuSeconds          their CPU time
     * @param cpuUtilization      CPU time / (threads × wall time): near 1 means the client was the bottleneck
     * @param cpuMicrosPerMessage that CPU time per measured echoed message, to set beside the server's
     *                            {@code cost.cpuMicrosPerMessage}; null when no message came back
     * @param idleShare           share of the measured window (up to the drain) the threads spent waiting for the
     *                            network with nothing else to do; near 0, they never waited for the server. Null
     *                            when nothing was measured
     * @param sendLag             open loop: how late messages left against their schedule; null in the closed loop
     * @param boundBy             the rules that found the load generator to be the limit, empty when none did:
     *                            {@code cpu} (its threads were at least 90% busy), {@code never-idle} (closed loop:
     *                            its threads waited less than 2% of the window, unless the server's CPU was at
     *                            least 90% of what its threads could use), {@code send-lag-p99} (open loop: the p99 send
     *                            lag exceeded the send interval), {@code late-sends} (open loop: more than 1% of
     *                            sends left more than one interval late)
     */
    public record Client(
            int threads,
            double cpuSeconds,
            double cpuUtilization,
            Double cpuMicrosPerMessage,
            Double idleShare,
            @Schema(nullable = true) SendLag sendLag,
            List<String> boundBy) {

        /** A result written before {@code boundBy} existed reads it as empty. */
        public Client {
            boundBy = boundBy == null ? List.of() : List.copyOf(boundBy);
        }
    }

    /**
     * Open loop: how late the load generator sent its measured messages against their schedule (each message's
     * intended time), over the sends it made on the clock; messages that fell due while their connection was still
     * connecting are not counted (that wait is the server's accept). A generator that keeps its schedule sends
     * each message within about a millisecond (it wakes on a millisecond timer); one that falls behind sends late,
     * and the latency, timed from the intended time, is then partly its own.
     *
     * @param sends          measured messages sent on the clock
     * @param late           of them, those that left more than one {@code intervalMicros} late
     * @param intervalMicros the send interval: the time between two messages of one connection
     * @param p50Micros      median lag; null without sends
     * @param p99Micros      99th percentile of the lag; null without sends
     * @param maxMicros      largest lag; null without sends
     * @param histogram      every lag in ns, HdrHistogram's compressed V2 encoding in base64, so that shards merge
     *                       exactly
     */
    public record SendLag(
            long sends,
            long late,
            double intervalMicros,
            Double p50Micros,
            Double p99Micros,
            Double maxMicros,
            String histogram) {

        /** From the lags of every loop, ns, and how many were late by more than {@code intervalNanos}. */
        static SendLag of(Histogram lagNanos, long late, double intervalNanos) {
            boolean any = lagNanos.getTotalCount() > 0;
            return new SendLag(
                    lagNanos.getTotalCount(),
                    late,
                    Latency.micros(intervalNanos),
                    any ? Latency.micros(lagNanos.getValueAtPercentile(50)) : null,
                    any ? Latency.micros(lagNanos.getValueAtPercentile(99)) : null,
                    any ? Latency.micros(lagNanos.getMaxValue()) : null,
                    Results.encode(lagNanos));
        }

        /** Shards' lags as one: histograms added, late sends summed, the longest interval of any shard. */
        static SendLag merge(List<SendLag> parts) {
            if (parts.stream().allMatch(p -> p == null)) {
                return null;
            }
            List<SendLag> present = parts.stream().filter(p -> p != null).toList();
            double interval =
                    present.stream().mapToDouble(SendLag::intervalMicros).max().orElseThrow();
            return of(
                    ShardMerge.histogram(
                            present.stream().map(SendLag::histogram).toList()),
                    present.stream().mapToLong(SendLag::late).sum(),
                    interval * 1e3);
        }
    }
}
