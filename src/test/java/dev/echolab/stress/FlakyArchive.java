package dev.echolab.stress;

import org.springframework.dao.DataAccessResourceFailureException;

/** A {@link MemoryArchive} that refuses writes while {@link #failing} is set, as a database that went down. */
class FlakyArchive extends MemoryArchive {

    volatile boolean failing;

    @Override
    public synchronized void store(StressRun run) {
        if (failing) {
            throw new DataAccessResourceFailureException("the database is down");
        }
        super.store(run);
    }
}
