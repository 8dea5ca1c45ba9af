package dev.echolab.history;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code history} in {@code /actuator/health}: whether the history database answered its last call, and how many
 * finished runs wait in the outbox for it. UP while the outbox can keep runs, even with the database down (the
 * {@code db} component says that): nothing is being lost. Not in the liveness or readiness group.
 */
@Component("history")
class HistoryHealth implements HealthIndicator {

    private final DurableArchive archive;

    HistoryHealth(DurableArchive archive) {
        this.archive = archive;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("database", archive.reachable() ? "reachable" : "unreachable")
                .withDetail("waiting", archive.waiting())
                .withDetail("outbox", archive.outbox().dir().toString());
        return archive.reachable()
                ? health.build()
                : health.withDetail("lastFailure", archive.lastFailure()).build();
    }
}
