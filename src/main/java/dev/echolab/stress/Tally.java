package dev.echolab.stress;

import dev.echolab.stress.ModelResult.Errors;

/**
 * Sums over connections: one connection's figures classified ({@link #of}), then added up ({@link #plus}), per
 * loop and then over every loop of a target. What the result and its notes are made of.
 *
 * @param errors               connections that ended in each kind of error
 * @param established          connections that send and connected
 * @param idleHeld             silent connections that connected and stayed open to the end
 * @param messagesSent         measured messages written
 * @param messagesEchoed       measured messages that came back whole
 * @param bytesSent            measured bytes written
 * @param bytesEchoed          measured bytes that came back
 * @param bytesVerified        echoed bytes checked and found right, warm-up included
 * @param mismatches           connections on which a byte came back wrong
 * @param firstMismatchOffset  the lowest stream offset of a wrong byte; null when none was
 * @param missingBytes         bytes sent on connections that ended in an error other than a mismatch, never echoed
 * @param cutShort             connections closed when the drain ran out of time, the server still answering
 * @param undrainedConnections those of them with bytes not back yet
 * @param undrainedBytes       those bytes
 * @param connectErrorMessage  what the JDK said of the first failed connect ("Connection refused", "Too many open
 *                             files"); null when none failed
 * @param neverAnswered        connections given up for silence before a single byte came back
 * @param stoppedAnswering     connections given up for silence after earlier echoes
 */
record Tally(
        Errors errors,
        int established,
        int idleHeld,
        long messagesSent,
        long messagesEchoed,
        long bytesSent,
        long bytesEchoed,
        long bytesVerified,
        long mismatches,
        Long firstMismatchOffset,
        long missingBytes,
        long cutShort,
        long undrainedConnections,
        long undrainedBytes,
        String connectErrorMessage,
        long neverAnswered,
        long stoppedAnswering) {

    static final Tally NONE = new Tally(Errors.none(), 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, null, 0, 0);

    /** One connection, classified. */
    static Tally of(ConnectionFigures c) {
        ClientError failure = c.failure();
        boolean sends = !c.idle();
        boolean timedOut = sends && failure == ClientError.RESPONSE_TIMEOUT;
        boolean mismatch = failure == ClientError.MISMATCH;
        return new Tally(
                failure == null ? Errors.none() : Errors.one(failure),
                sends && c.established() ? 1 : 0,
                !sends && c.established() && failure == null ? 1 : 0,
                c.messagesSent(),
                c.messagesEchoed(),
                c.bytesSent(),
                c.bytesEchoed(),
                c.bytesVerified(),
                mismatch ? 1 : 0,
                mismatch ? c.bytesVerified() : null, // the wrong byte's offset
                failure == null ? 0 : c.unechoedBytes(),
                c.cutShort() ? 1 : 0,
                c.cutShort() && c.unechoedBytes() > 0 ? 1 : 0,
                c.cutShort() ? c.unechoedBytes() : 0,
                sends && !c.established() ? c.failureMessage() : null,
                timedOut && !c.anyEchoed() ? 1 : 0,
                timedOut && c.anyEchoed() ? 1 : 0);
    }

    Tally plus(Tally o) {
        return new Tally(
                errors.plus(o.errors),
                established + o.established,
                idleHeld + o.idleHeld,
                messagesSent + o.messagesSent,
                messagesEchoed + o.messagesEchoed,
                bytesSent + o.bytesSent,
                bytesEchoed + o.bytesEchoed,
                bytesVerified + o.bytesVerified,
                mismatches + o.mismatches,
                firstMismatchOffset == null || o.firstMismatchOffset == null
                        ? (firstMismatchOffset == null ? o.firstMismatchOffset : firstMismatchOffset)
                        : Long.valueOf(Math.min(firstMismatchOffset, o.firstMismatchOffset)),
                missingBytes + o.missingBytes,
                cutShort + o.cutShort,
                undrainedConnections + o.undrainedConnections,
                undrainedBytes + o.undrainedBytes,
                connectErrorMessage != null ? connectErrorMessage : o.connectErrorMessage,
                neverAnswered + o.neverAnswered,
                stoppedAnswering + o.stoppedAnswering);
    }

    /** Connections that send and could not connect, refused or timed out. */
    int connectFailures() {
        return (int) (errors.connectRefused() + errors.connectTimeout());
    }
}
