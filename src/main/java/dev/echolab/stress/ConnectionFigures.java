package dev.echolab.stress;

/**
 * What one {@link ClientConnection} did, taken as it closed (nothing changes after). Message and byte counts cover
 * measured messages only.
 *
 * @param index          its number in the run
 * @param idle           a silent connection
 * @param established    it connected
 * @param failure        the error it ended in; null when it ended cleanly, was cut short, or was cancelled
 * @param failureMessage what the JDK said of the failure, when it said anything
 * @param cutShort       closed when the drain ran out of time, the server still answering
 * @param unechoedBytes  bytes owed when it ended: sent and not echoed after an error other than a mismatch;
 *                       released and not echoed when cut short; 0 otherwise
 * @param bytesVerified  echoed bytes checked at their offset and found right, warm-up included: after a mismatch,
 *                       the offset of the wrong byte
 */
record ConnectionFigures(
        int index,
        boolean idle,
        boolean established,
        ClientError failure,
        String failureMessage,
        boolean cutShort,
        long unechoedBytes,
        long bytesVerified,
        long messagesSent,
        long messagesEchoed,
        long bytesSent,
        long bytesEchoed) {

    /** At least one byte came back. */
    boolean anyEchoed() {
        return bytesVerified > 0;
    }

    /**
     * It connected and the server never served it: not one byte came back before it was given up for silence, or
     * before the drain ran out of time. A server that queues clients (one served at a time, or a pool's worth)
     * leaves the others so; that is how it works, not an error of the server.
     */
    boolean unserved() {
        return established && !anyEchoed() && (failure == ClientError.RESPONSE_TIMEOUT || cutShort);
    }

    /** The error it counts as: its failure, unless it was never served (not an error). */
    ClientError countedError() {
        return unserved() ? null : failure;
    }
}
