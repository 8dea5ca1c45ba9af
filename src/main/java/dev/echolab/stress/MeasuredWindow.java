package dev.echolab.stress;

/**
 * Which of one connection's messages count in the figures: those from message {@code first} on, once measuring
 * has started for it; none before. Message {@code m} is stream bytes {@code [m × payload, (m + 1) × payload)}, so
 * a count of sent or echoed bytes gives the counted messages and bytes without keeping anything per message.
 *
 * @param started whether the connection's measured stretch has begun (its first counted message is known)
 * @param first   the first message that counts; meaningful once started
 */
record MeasuredWindow(boolean started, long first) {

    /** Before the warm-up ends, or before the connection knows its first counted message. */
    static final MeasuredWindow NOT_YET = new MeasuredWindow(false, 0);

    static MeasuredWindow from(long first) {
        return new MeasuredWindow(true, first);
    }

    /** Whether message {@code m} counts. */
    boolean counts(long m) {
        return started && m >= first;
    }

    /** Counted messages among messages {@code [0, upTo)}. */
    long messages(long upTo) {
        return started ? Math.max(0, upTo - first) : 0;
    }

    /** Counted bytes among stream bytes {@code [0, offset)}. */
    long bytes(long offset, int payload) {
        if (!started || offset / payload < first) {
            return 0;
        }
        return offset - first * payload; // first × payload ≤ offset here: no overflow
    }
}
