package dev.echolab.stress;

import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one server did under the load: an entry of a run's {@code results}. Field names are part of the API.
 * Messages, bytes, throughput and latency count only messages released after the warm-up; integrity covers
 * every byte of the run.
 *
 * @param model           the model id (or {@code host:port} of a free target)
 * @param status          SUCCEEDED, FAILED (an error of any kind, or bytes that came back wrong or not at all)
 *                        or CANCELLED
 * @param target          the address that was loaded
 * @param measuredSeconds from the end of the warm-up to the last measured echo
 * @param clientBound     the load generator, not the server, was saturated: the figures are a floor
 * @param notes           what a reader should know, in words
 */
public record ModelResult(String model, String status, String target, Instant startedAt, Instant finishedAt,
                          double measuredSeconds, Connections connections, Counts messages, Counts bytes,
                          Throughput throughput, Latency latencyMicros, Errors errors, Integrity integrity,
                          Cost cost, Client client, boolean clientBound, List<String> notes) {

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    ModelResult withNotes(List<String> newNotes) {
        return new ModelResult(model, status, target, startedAt, finishedAt, measuredSeconds, connections, messages,
                bytes, throughput, latencyMicros, errors, integrity, cost, client, clientBound, List.copyOf(newNotes));
    }

    /** Connections asked for, connected, and those whose connect failed. */
    public record Connections(int requested, int established, int failed) {
    }

    /** Measured messages or bytes written by the client and verified on their way back. */
    public record Counts(long sent, long echoed) {
    }

    public record Throughput(double messagesPerSecond, double bytesPerSecond) {
    }

    /** Round-trip time in µs, from HdrHistogram (3 significant digits); null when nothing was measured. */
    public record Latency(Double min, Double p50, Double p90, Double p99, Double p999, Double max, Double mean) {

        static Latency of(Histogram nanos) {
            if (nanos.getTotalCount() == 0) {
                return new Latency(null, null, null, null, null, null, null);
            }
            return new Latency(micros(nanos.getMinValue()), micros(nanos.getValueAtPercentile(50)),
                    micros(nanos.getValueAtPercentile(90)), micros(nanos.getValueAtPercentile(99)),
                    micros(nanos.getValueAtPercentile(99.9)), micros(nanos.getMaxValue()),
                    micros(nanos.getMean()));
        }

        static Double micros(double nanos) {
            return Math.round(nanos / 100.0) / 10.0;
        }
    }

    /** Connections that ended in each kind of error (see {@link ClientError}). */
    public record Errors(long connectRefused, long connectTimeout, long reset, long responseTimeout, long mismatch,
                         long closedEarly) {

        static Errors of(long[] byKind) {
            return new Errors(byKind[ClientError.CONNECT_REFUSED.ordinal()],
                    byKind[ClientError.CONNECT_TIMEOUT.ordinal()], byKind[ClientError.RESET.ordinal()],
                    byKind[ClientError.RESPONSE_TIMEOUT.ordinal()], byKind[ClientError.MISMATCH.ordinal()],
                    byKind[ClientError.CLOSED_EARLY.ordinal()]);
        }

        public long total() {
            return connectRefused + connectTimeout + reset + responseTimeout + mismatch + closedEarly;
        }
    }

    /**
     * Every echoed byte compared with the byte sent at its offset.
     *
     * @param verified            no byte differed and none was lost
     * @param mismatches          connections on which an echoed byte differed from the one sent
     * @param missingBytes        bytes sent on connections the server closed before echoing them
     * @param firstMismatchOffset the lowest stream offset at which a byte differed, on any connection
     * @param bytesVerified       echoed bytes checked, warm-up included
     */
    public record Integrity(boolean verified, long mismatches, long missingBytes, Long firstMismatchOffset,
                            long bytesVerified) {
    }

    /**
     * What serving the load cost the server, from its own threads; null for a free target.
     *
     * @param serverCpuSeconds    CPU time of the model's threads over the measured stretch (for virtual threads:
     *                            the carrier threads')
     * @param cpuMicrosPerMessage that CPU time per measured echoed message
     * @param peakThreads         most threads the model held at once, sampled during the run
     */
    public record Cost(Double serverCpuSeconds, Double cpuMicrosPerMessage, Integer peakThreads) {
    }

    /**
     * The load generator's own cost over the measured stretch.
     *
     * @param threads        selector threads ({@code echo-lab-stress-N})
     * @param cpuSeconds     their CPU time
     * @param cpuUtilization CPU time / (threads × wall time): near 1 means the client was the bottleneck
     * @param cpuMicrosPerMessage that CPU time per measured echoed message, to set beside the server's
     *                            {@code cost.cpuMicrosPerMessage}; null when no message came back
     */
    public record Client(int threads, double cpuSeconds, double cpuUtilization, Double cpuMicrosPerMessage) {
    }
}
