package dev.echolab.stress;

import java.util.concurrent.CountDownLatch;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A {@link MemoryArchive} that refuses writes while {@link #failing} is set, as a database that went down, and that
 * can hold writes at a latch, as a database slow to answer while something else happens.
 */
public class FlakyArchive extends MemoryArchive {

    public volatile boolean failing;
    private volatile CountDownLatch held;
    private volatile CountDownLatch release;

    /**
     * Holds every write from now on until {@link #releaseWrites()}.
     *
     * @return counted down once a write is held
     */
    public CountDownLatch holdWrites() {
        release = new CountDownLatch(1);
        held = new CountDownLatch(1);
        return held;
    }

    public void releaseWrites() {
        release.countDown();
    }

    /** Not synchronized: a held write must not keep reads and deletes out. */
    @Override
    public void store(StressRun run) {
        if (failing) {
            throw new DataAccessResourceFailureException("the database is down");
        }
        CountDownLatch until = release;
        if (until != null) {
            held.countDown();
            try {
                until.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.store(run);
    }
}
