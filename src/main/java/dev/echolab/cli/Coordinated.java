package dev.echolab.cli;

import dev.echolab.shards.ShardClient;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.IExitCodeGenerator;

/**
 * A headless run's hook into the coordinator, once joined: wait for the start it gives, then post the result (also
 * the partial one, when a signal cancels the run: {@link HeadlessRun} posts before it lets the JVM exit). A refusal or a timeout ends the run with exit 2, as bad input does:
 * nothing was measured.
 */
final class Coordinated {

    /** The coordinator refused, or could not be reached in time: exit 2, its reason on stderr. */
    static final class Failed extends RuntimeException implements IExitCodeGenerator {
        Failed(ShardClient.Refused cause) {
            super("--coordinator: " + cause.getMessage(), cause);
        }

        @Override
        public int getExitCode() {
            return 2;
        }
    }

    private final ShardClient client;

    Coordinated(ShardClient client) {
        this.client = client;
    }

    /** Waits until the targets answer, says so, and returns the instant the coordinator gives once all are ready. */
    Instant awaitStart(List<InetSocketAddress> targets, StressRequest request) throws InterruptedException {
        try {
            return client.awaitStart(targets, request);
        } catch (ShardClient.Refused e) {
            throw new Failed(e);
        }
    }

    void post(StressRun run) {
        client.post(run);
    }
}
