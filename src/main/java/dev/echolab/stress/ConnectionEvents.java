package dev.echolab.stress;

/**
 * What a {@link ClientConnection} tells its loop, one named event each, as wrk2's callbacks do ({@code
 * socket_connected}, {@code socket_readable}, {@code response_complete}): it is open, bytes came back intact, a
 * message came back whole, it is closed. Writability stays inside the connection: it flushes what its
 * {@link Release} let go and asks the selector for OP_WRITE itself. Called on the loop's thread only.
 */
interface ConnectionEvents {

    /** The connection is open now. */
    void connected(ClientConnection c, long now);

    /** Bytes came back, every one checked at its offset; any messages they completed were reported first. */
    void readable(ClientConnection c, long now);

    /** Message {@code m} of the connection came back whole, and it counts in the figures. */
    void responseComplete(ClientConnection c, long m, long now);

    /** The connection is done, for good, with what it did; {@code figures.established()}: it was open until now. */
    void closed(ConnectionFigures figures);
}
