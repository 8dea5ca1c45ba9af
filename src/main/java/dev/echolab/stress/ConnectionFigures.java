package dev.echolab.stress;

/**
 * What one {@link ClientConnection} did, for the result; read once its loop has ended. Counts cover measured
 * messages only.
 *
 * @param missingBytes   sent and never echoed, on a connection that ended in an error other than a mismatch
 * @param undrainedBytes released and not echoed when the drain ran out of time
 */
record ConnectionFigures(
        boolean idle,
        boolean established,
        ClientError failure,
        String failureMessage,
        long firstMismatchOffset,
        long missingBytes,
        long undrainedBytes,
        boolean anyEchoed,
        long messagesSent,
        long messagesEchoed,
        long bytesSent,
        long bytesEchoed) {}
