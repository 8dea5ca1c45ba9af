package dev.echolab.stress;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Whether a run is in the history database: {@code PENDING} until it is (while it runs, and while it waits in the
 * outbox on the local disk for a database that is down: then the detail says why and where), {@code STORED} once
 * it is there for good, {@code FAILED} when neither the database nor the outbox took it (the run itself is not
 * affected: it stays in this process's memory, with the reason here and in the log).
 *
 * @param status PENDING, STORED or FAILED
 * @param detail why it is not stored yet, or failed, in words; null otherwise
 */
public record Storage(
        @Schema(allowableValues = {"PENDING", "STORED", "FAILED"})
        String status,

        @Schema(nullable = true) String detail) {

    public static final Storage PENDING = new Storage("PENDING", null);
    public static final Storage STORED = new Storage("STORED", null);

    public static Storage failed(String detail) {
        return new Storage("FAILED", detail);
    }
}
