package dev.echolab.stress;

import dev.echolab.stress.ModelResult.Errors;

/**
 * Sums over connections: one connection's figures classified ({@link #of}), then added up ({@link #plus}), per
 * loop and then over every loop of a target. What the result and its notes are made of.
 *
 * <p>Three ways a byte sent may not come back, kept apart: it came back wrong ({@code mismatches}), it was lost on
 * a connection the server was serving ({@code missingBytes}), or its connection was never served at all
 * ({@code unserved}, {@code unservedBytes}: queued, not corrupted).
 *
 * @param errors               connections that ended in each kind of error; never-served ones are not errors
 * @param established          connections that send and connected
 * @param idleHeld             silent connections that connected and stayed open to the end
 * @param messagesSent         measured messages written
 * @param messagesEchoed       measured messages that came back whole
 * @param bytesSent            measured bytes written
 * @param bytesEchoed          measured bytes that came back
 * @param bytesVerified        echoed bytes checked and found right, warm-up included
 * @param mismatches           connections on which a byte came back wrong
 * @param firstMismatchOffset  the lowest stream offset of a wrong byte; null when none was
 * @param missingBytes         bytes sent on served connections that then ended in an error (other than a
 *                             mismatch), never echoed
 * @param unserved             connections that connected and were never served (see
 *                             {@link ConnectionFigures#unserved()}), silent ones included
 * @param unservedSilent       those of them that were silent connections
 * @param unservedBytes        bytes sent on never-served connections
 * @param unsent               open loop: messages intended on served connections (or on connections that never
 *                             connected) and never sent
 * @param unservedUnsent       open loop: messages intended on never-served connections and never sent
 * @param cutShort             served connections closed when the drain ran out of time, the server still answering
 * @param undrainedConnections those of them with bytes not back yet
 * @param undrainedBytes       those bytes
 * @param connectErrorMessage  what the JDK said of the first failed connect ("Connection refused", "Too many open
 *                             files"); null when none failed
 * @param stoppedAnswering     served connections given up for silence after earlier echoes
 * @param timedOutBytes        of {@code missingBytes}, those of connections given up for silence (missing only if
 *                             the client was not too busy to read them: see {@link ClientBound})
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
        long unserved,
        long unservedSilent,
        long unservedBytes,
        long unsent,
        long unservedUnsent,
        long cutShort,
        long undrainedConnections,
        long undrainedBytes,
        String connectErrorMessage,
        long stoppedAnswering,
        long timedOutBytes) {

    static final Tally NONE =
            new Tally(Errors.none(), 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0);

    /**
     * One connection, classified.
     *
     * @param intended open loop: the messages the schedule intended it to send in the measured window; 0 otherwise
     */
    static Tally of(ConnectionFigures c, long intended) {
        ClientError error = c.countedError();
        boolean sends = !c.idle();
        boolean unserved = c.unserved();
        boolean mismatch = error == ClientError.MISMATCH;
        boolean cut = c.cutShort() && !unserved;
        boolean timedOut = error == ClientError.RESPONSE_TIMEOUT;
        long unsent = Math.max(0, intended - c.messagesSent());
        return new Tally(
                error == null ? Errors.none() : Errors.one(error),
                sends && c.established() ? 1 : 0,
                !sends && c.established() && c.failure() == null ? 1 : 0,
                c.messagesSent(),
                c.messagesEchoed(),
                c.bytesSent(),
                c.bytesEchoed(),
                c.bytesVerified(),
                mismatch ? 1 : 0,
                mismatch ? c.bytesVerified() : null, // the wrong byte's offset
                error == null ? 0 : c.unechoedBytes(),
                unserved ? 1 : 0,
                unserved && !sends ? 1 : 0,
                unserved ? c.unechoedBytes() : 0,
                unserved ? 0 : unsent,
                unserved ? unsent : 0,
                cut ? 1 : 0,
                cut && c.unechoedBytes() > 0 ? 1 : 0,
                cut ? c.unechoedBytes() : 0,
                sends && !c.established() ? c.failureMessage() : null,
                sends && timedOut ? 1 : 0,
                timedOut ? c.unechoedBytes() : 0);
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
                unserved + o.unserved,
                unservedSilent + o.unservedSilent,
                unservedBytes + o.unservedBytes,
                Saturating.add(unsent, o.unsent),
                Saturating.add(unservedUnsent, o.unservedUnsent),
                cutShort + o.cutShort,
                undrainedConnections + o.undrainedConnections,
                undrainedBytes + o.undrainedBytes,
                connectErrorMessage != null ? connectErrorMessage : o.connectErrorMessage,
                stoppedAnswering + o.stoppedAnswering,
                timedOutBytes + o.timedOutBytes);
    }

    /** Connections that could not connect, refused or timed out. */
    int connectFailures() {
        return (int) (errors.connectRefused() + errors.connectTimeout());
    }

    /** Connections that send, connected, and got at least one byte back or ended before anything was owed. */
    long served() {
        return established - (unserved - unservedSilent);
    }

    /**
     * Whether the connections never served are explained by the server's threads: it held fewer threads than it had
     * clients, and served no more clients than it held threads, as a model that serves each client on a thread of
     * its own and queues the rest does ({@code blocking}'s one thread, {@code thread-pool}'s pool). Then they are its
     * design, whatever the load; an event loop or a thread per client that leaves clients unserved is another story.
     *
     * @param serverThreads the most threads the server held at once; null when they cannot be seen
     */
    boolean queuedOnThreads(Integer serverThreads) {
        return unserved > 0
                && serverThreads != null
                && serverThreads < established
                && served() > 0
                && served() <= serverThreads;
    }
}
