package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.stress.ModelResult.Status;
import org.junit.jupiter.api.Test;

/**
 * The status rules of docs/load-generator.md, one by one, over tallies of connections that ended each way: whom
 * each ending is held against, and when the load side's saturation makes a run say nothing of the server.
 */
class ResultStatusTests {

    private static final boolean QUIET = false;
    private static final boolean BOUND = true;

    @Test
    void connectionsNeverServedBesideServedOnesAreQueueingWhenTheLoadSideHadRoom() {
        Tally queued = tally(served(), unserved(), unserved());

        assertThat(status(queued, QUIET, QUIET)).isEqualTo(Status.SUCCEEDED);
        assertThat(status(queued, BOUND, QUIET))
                .as("the generator may have left them unread")
                .isEqualTo(Status.INCONCLUSIVE);
        assertThat(status(queued, QUIET, BOUND))
                .as("a saturated machine may have left them unserved")
                .isEqualTo(Status.INCONCLUSIVE);
    }

    @Test
    void aServerWhoseThreadsExplainTheQueueSucceedsHoweverSaturatedTheLoad() {
        Tally queued = tally(served(), unserved(), unserved());

        assertThat(Results.status(queued, false, false, BOUND, BOUND, 2))
                .as("1 served on at most 2 threads for 3 clients: blocking, or a pool")
                .isEqualTo(Status.SUCCEEDED);
        assertThat(Results.status(queued, false, false, BOUND, BOUND, 3))
                .as("as many threads as clients: a thread each, so its threads do not explain the queue")
                .isEqualTo(Status.INCONCLUSIVE);
        assertThat(Results.status(tally(served(), served(), served(), unserved()), false, false, QUIET, BOUND, 2))
                .as("3 served on 2 threads: not a thread per client")
                .isEqualTo(Status.INCONCLUSIVE);
    }

    @Test
    void aServerThatServedNoOneFailsUnlessTheLoadSideWasSaturated() {
        Tally none = tally(unserved(), unserved());

        assertThat(status(none, QUIET, QUIET)).isEqualTo(Status.FAILED);
        assertThat(status(none, BOUND, QUIET)).isEqualTo(Status.INCONCLUSIVE);
        assertThat(status(none, QUIET, BOUND)).isEqualTo(Status.INCONCLUSIVE);
    }

    @Test
    void aServedConnectionThatWentSilentFailsUnlessTheLoadSideWasSaturated() {
        Tally silent = tally(served(), stoppedAnswering());

        assertThat(status(silent, QUIET, QUIET)).isEqualTo(Status.FAILED);
        assertThat(status(silent, BOUND, QUIET)).isEqualTo(Status.INCONCLUSIVE);
        assertThat(status(silent, QUIET, BOUND)).isEqualTo(Status.INCONCLUSIVE);
        assertThat(status(tally(served(), failedConnect(ClientError.CONNECT_TIMEOUT)), QUIET, BOUND))
                .isEqualTo(Status.INCONCLUSIVE);
    }

    @Test
    void wrongBytesResetsEarlyClosesAndRefusalsFailWhateverTheLoad() {
        for (ConnectionFigures fault : new ConnectionFigures[] {
            ended(ClientError.MISMATCH, 100), ended(ClientError.RESET, 640), ended(ClientError.CLOSED_EARLY, 640)
        }) {
            assertThat(status(tally(served(), fault), BOUND, BOUND))
                    .as("%s", fault)
                    .isEqualTo(Status.FAILED);
        }
        assertThat(status(tally(served(), failedConnect(ClientError.CONNECT_REFUSED)), BOUND, BOUND))
                .isEqualTo(Status.FAILED);
    }

    @Test
    void nothingConnectedOrAFailedGeneratorMeasuresNothing() {
        Tally refused = tally(failedConnect(ClientError.CONNECT_REFUSED), failedConnect(ClientError.CONNECT_REFUSED));

        assertThat(status(refused, QUIET, QUIET)).isEqualTo(Status.INCONCLUSIVE);
        assertThat(Results.status(tally(served()), false, true, QUIET, QUIET, null))
                .isEqualTo(Status.INCONCLUSIVE);
        assertThat(Results.status(tally(ended(ClientError.MISMATCH, 100)), false, true, QUIET, QUIET, null))
                .as("a wrong byte is the server's even if the generator failed later")
                .isEqualTo(Status.FAILED);
    }

    @Test
    void openLoopMessagesLeftUnsentCountAgainstTheServerOnlyOnServedConnections() {
        Tally servedShort = Tally.of(served(), 20).plus(Tally.of(served(), 10));
        Tally unservedShort = Tally.of(served(), 10).plus(Tally.of(unserved(), 20));

        assertThat(servedShort.unsent()).isEqualTo(10);
        assertThat(status(servedShort, QUIET, QUIET)).isEqualTo(Status.FAILED);
        assertThat(status(servedShort, QUIET, BOUND)).isEqualTo(Status.INCONCLUSIVE);
        assertThat(unservedShort.unservedUnsent()).isEqualTo(19);
        assertThat(status(unservedShort, QUIET, QUIET)).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aCancelledRunIsCancelled() {
        assertThat(Results.status(tally(ended(ClientError.MISMATCH, 100)), true, false, BOUND, BOUND, null))
                .isEqualTo(Status.CANCELLED);
    }

    private static Status status(Tally tally, boolean clientBound, boolean machineBound) {
        return Results.status(tally, false, false, clientBound, machineBound, null);
    }

    private static Tally tally(ConnectionFigures... connections) {
        Tally tally = Tally.NONE;
        for (ConnectionFigures c : connections) {
            tally = tally.plus(Tally.of(c, 0));
        }
        return tally;
    }

    /** 10 messages of 64 bytes sent and echoed, then closed cleanly. */
    private static ConnectionFigures served() {
        return new ConnectionFigures(0, false, true, null, null, false, 0, 640, 10, 10, 640, 640);
    }

    /** Connected, sent one message, never got a byte back, given up for silence. */
    private static ConnectionFigures unserved() {
        return new ConnectionFigures(1, false, true, ClientError.RESPONSE_TIMEOUT, null, false, 64, 0, 1, 0, 64, 0);
    }

    /** Served 10 messages, then nothing came back for the 11th. */
    private static ConnectionFigures stoppedAnswering() {
        return new ConnectionFigures(
                2, false, true, ClientError.RESPONSE_TIMEOUT, null, false, 64, 640, 11, 10, 704, 640);
    }

    /** Served, then ended in {@code failure} with {@code verified} bytes right before it. */
    private static ConnectionFigures ended(ClientError failure, long verified) {
        return new ConnectionFigures(3, false, true, failure, null, false, 64, verified, 11, 1, 704, verified);
    }

    private static ConnectionFigures failedConnect(ClientError failure) {
        return new ConnectionFigures(4, false, false, failure, "Connection refused", false, 0, 0, 0, 0, 0, 0);
    }
}
