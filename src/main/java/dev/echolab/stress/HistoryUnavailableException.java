package dev.echolab.stress;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

/**
 * The history database cannot answer now (down, unreachable, timed out). Where nothing in memory can answer
 * instead, the client gets a 503 problem with {@code Retry-After}.
 */
public class HistoryUnavailableException extends ErrorResponseException {

    private final String reason;

    /**
     * @param reason     why, in a line (the database driver's message)
     * @param retryAfter when the database is tried again
     */
    public HistoryUnavailableException(String reason, Duration retryAfter, Throwable cause) {
        super(
                StressProblemType.HISTORY_UNAVAILABLE.status(),
                StressProblemType.HISTORY_UNAVAILABLE.problem("The history database cannot be reached now (" + reason
                        + "), so stored runs cannot be read. Runs of this process, and runs waiting to be stored, "
                        + "are still listed by GET /api/stress."),
                cause);
        this.reason = reason;
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    public String reason() {
        return reason;
    }
}
