package dev.echolab.history;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where finished runs wait while the history database cannot take them, and how often they are offered to it.
 *
 * @param dir                Directory of the runs the history database has not taken yet, one JSON file each;
 *                           echo.history.dir/outbox (application.yml). Keep it on a disk that outlives the process.
 * @param firstRetryInterval Wait before a waiting run is first offered again; doubled after each refusal.
 * @param maxRetryInterval   Longest wait between two offers.
 */
@Validated
@ConfigurationProperties("echo.history.outbox")
record OutboxProperties(
        @NotNull Path dir,
        @DefaultValue("1s") Duration firstRetryInterval,
        @DefaultValue("1m") Duration maxRetryInterval) {}
