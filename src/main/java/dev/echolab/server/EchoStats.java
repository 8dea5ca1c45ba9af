package dev.echolab.server;

import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Counters every model feeds, one instance per model, kept across restarts so the counters only grow.
 * Thread-safe and cheap on the hot path (LongAdders).
 */
public final class EchoStats {

    /** Why a connection was refused. The tag value is {@link #tag()}. */
    public enum RejectReason {
        OVER_LIMIT("over-limit"),
        ACCEPT_ERROR("accept-error"),
        NO_THREAD("no-thread");

        private final String tag;

        RejectReason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** What went wrong on a connection. The tag value is {@link #tag()}. */
    public enum ErrorKind {
        RESET("reset"),
        IDLE_TIMEOUT("idle-timeout"),
        IO("io");

        private final String tag;

        ErrorKind(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        /** Sorts an exception from a connection into a kind. */
        public static ErrorKind of(Throwable e) {
            if (e instanceof SocketTimeoutException) {
                return IDLE_TIMEOUT;
            }
            String message = String.valueOf(e.getMessage());
            // The JDK and Netty report a peer's RST (or a write after it) only through the message text.
            if (message.contains("reset")
                    || message.contains("Broken pipe")
                    || message.contains("forcibly closed")
                    || message.contains("abort")) {
                return RESET;
            }
            return IO;
        }
    }

    private final LongAdder accepted = new LongAdder();
    private final LongAdder active = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder loopIterations = new LongAdder();
    private final LongAdder loopIdle = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = adders(RejectReason.class);
    private final Map<ErrorKind, LongAdder> errors = adders(ErrorKind.class);

    /** A connection was accepted and is now served. Pair with {@link #connectionClosed()}. */
    public void connectionOpened() {
        accepted.increment();
        active.increment();
    }

    public void connectionClosed() {
        active.decrement();
    }

    public void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void received(long bytes) {
        bytesReceived.add(bytes);
    }

    public void sent(long bytes) {
        bytesSent.add(bytes);
    }

    public void error(ErrorKind kind) {
        errors.get(kind).increment();
    }

    /** One pass of a polling or selecting loop; {@code idle} when it found nothing to do. */
    public void loopPass(boolean idle) {
        loopIterations.increment();
        if (idle) {
            loopIdle.increment();
        }
    }

    public long accepted() {
        return accepted.sum();
    }

    public long active() {
        return active.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long loopIterations() {
        return loopIterations.sum();
    }

    public long loopIdle() {
        return loopIdle.sum();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long errors(ErrorKind kind) {
        return errors.get(kind).sum();
    }

    public long errors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A consistent-enough copy for the API: each counter is read once. */
    public Snapshot snapshot() {
        return new Snapshot(
                accepted(),
                active(),
                tagged(rejected, RejectReason::tag),
                bytesReceived(),
                bytesSent(),
                tagged(errors, ErrorKind::tag),
                loopIterations(),
                loopIdle());
    }

    /** The counters at one moment, with reasons and kinds keyed by their tag values. */
    public record Snapshot(
            long accepted,
            long active,
            Map<String, Long> rejected,
            long bytesReceived,
            long bytesSent,
            Map<String, Long> errors,
            long loopIterations,
            long loopIdle) {}

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> map = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            map.put(e, new LongAdder());
        }
        return map;
    }

    private static <E extends Enum<E>> Map<String, Long> tagged(Map<E, LongAdder> adders, Function<E, String> tag) {
        Map<String, Long> out = new LinkedHashMap<>();
        adders.forEach((k, v) -> out.put(tag.apply(k), v.sum()));
        return out;
    }
}
