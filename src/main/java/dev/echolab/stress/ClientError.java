package dev.echolab.stress;

import java.io.IOException;

/**
 * What went wrong on one client connection. {@link #field()} is the key in the run JSON's {@code errors};
 * {@link #tag()} the value of the metric tag {@code kind}.
 */
public enum ClientError {
    /** The connect failed: nothing listening, the backlog full, no file descriptor left. */
    CONNECT_REFUSED("connectRefused", "connect-refused"),
    CONNECT_TIMEOUT("connectTimeout", "connect-timeout"),
    /** The server reset the connection (or a read or write failed otherwise). */
    RESET("reset", "reset"),
    /** Nothing came back for {@code responseTimeoutMs} while the client was waiting for an echo or for EOF. */
    RESPONSE_TIMEOUT("responseTimeout", "response-timeout"),
    /** An echoed byte differs from the byte sent at that offset, or more came back than was sent. */
    MISMATCH("mismatch", "mismatch"),
    /** The server closed the connection before echoing everything sent on it. */
    CLOSED_EARLY("closedEarly", "closed-early");

    private final String field;
    private final String tag;

    ClientError(String field, String tag) {
        this.field = field;
        this.tag = tag;
    }

    public String field() {
        return field;
    }

    public String tag() {
        return tag;
    }

    /** A failed connect, by what the JDK said. */
    static ClientError ofConnect(IOException e) {
        return String.valueOf(e.getMessage()).contains("timed out") ? CONNECT_TIMEOUT : CONNECT_REFUSED;
    }
}
