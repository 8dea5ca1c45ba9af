package dev.echolab.stress;

import dev.echolab.server.IoModel;
import dev.echolab.stress.ModelResult.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code notes} of a result: what went wrong or needs care when reading the figures, in plain words. */
final class ResultCaveats {

    private ResultCaveats() {}

    /** Caveats of a result whose figures are all in, from the sums behind them. */
    static List<String> explain(ModelResult result, ResolvedTarget target, StressRequest request, Tally tally) {
        List<String> notes = new ArrayList<>();
        Errors errors = result.errors();
        boolean cancelled = result.status() == ModelResult.Status.CANCELLED;
        if (cancelled) {
            notes.add("Cancelled: the figures cover only what was measured until then.");
        }
        int connects = tally.connectFailures();
        if (connects > 0) {
            notes.add(format(
                    "%d of %d connections could not connect (%d refused, %d timed out after %d ms)%s.",
                    connects,
                    request.connections() + request.idleConnections(),
                    errors.connectRefused(),
                    errors.connectTimeout(),
                    request.connectTimeoutMs(),
                    tally.connectErrorMessage() == null ? "" : "; the first said: " + tally.connectErrorMessage()));
        }
        unserved(notes, result, request, tally);
        if (tally.stoppedAnswering() > 0) {
            notes.add(format(
                    "%d connections stopped getting answers: nothing came back for %d ms after earlier " + "echoes.",
                    tally.stoppedAnswering(), request.responseTimeoutMs()));
        }
        if (tally.mismatches() > 0) {
            notes.add(format(
                    "%d connections got back bytes that differ from what was sent (first at stream " + "offset %d).",
                    tally.mismatches(), tally.firstMismatchOffset()));
        }
        if (errors.closedEarly() > 0) {
            notes.add(format(
                    "The server closed %d connections before echoing everything sent on them (%d bytes "
                            + "never came back).",
                    errors.closedEarly(), tally.missingBytes()));
        }
        if (errors.reset() > 0) {
            notes.add(format("%d connections were reset.", errors.reset()));
        }
        if (tally.unsent() > 0) {
            notes.add(format(
                    "%d messages the open loop's schedule intended were never sent (their connection was "
                            + "not open, or its bytes never left): the latency of those cannot be known, so this model "
                            + "fails.",
                    tally.unsent()));
        }
        if (tally.unservedUnsent() > 0 && !cancelled) {
            notes.add(format(
                    "%d messages the open loop's schedule intended were never sent because their connection was "
                            + "never served and was given up (counted in messages.unsent, not held against the "
                            + "server).",
                    tally.unservedUnsent()));
        }
        if (tally.cutShort() > 0) {
            notes.add(format(
                    "The drain at the end was cut short after %.0f s while %d connections were still "
                            + "answering (%d bytes not back yet): the server is slow, not broken; those messages are in no "
                            + "figure.",
                    Math.max(ClientLoop.MIN_DRAIN_CAP_NANOS / 1e9, result.measuredSeconds()),
                    tally.undrainedConnections(),
                    tally.undrainedBytes()));
        }
        if (request.idleConnections() > 0
                && result.connections().idleHeld() < request.idleConnections()
                && !cancelled) {
            notes.add(format(
                    "Only %d of %d silent connections stayed open to the end.",
                    result.connections().idleHeld(), request.idleConnections()));
        }
        clientBound(notes, result);
        if (result.machineBound()) {
            notes.add("The whole machine's CPU was at least 90% busy over the measured window: the server and the "
                    + "load generator shared it, so neither figure is the bottleneck's alone.");
        }
        inconclusive(notes, result, tally);
        if (target.model() != null && target.model().runsOnVirtualThreads()) {
            notes.add("CPU time is that of the virtual-thread scheduler's carrier threads: nothing else in the "
                    + "app runs on virtual threads but greenlet's coroutines, whose running time is taken out.");
        }
        if (target.model() != null && target.model().ioThreads() == IoModel.IoThreads.COROUTINES) {
            notes.add("CPU time is the hub thread's plus the time its coroutines ran on the JDK's carrier threads "
                    + "(they run one at a time and never block while they run).");
        }
        if (!cancelled && tally.established() > 0 && tally.messagesEchoed() == 0) {
            notes.add("No measured message came back.");
        }
        return notes;
    }

    /**
     * Connections the server never served: what that says of the model and that it is not a fault, or, when the
     * load generator was the limit, that it says nothing of the model.
     */
    private static void unserved(List<String> notes, ModelResult result, StressRequest request, Tally tally) {
        long unserved = tally.unserved() - tally.unservedSilent();
        if (unserved > 0) {
            long served = tally.served();
            boolean saturated = result.clientBound() || result.machineBound();
            Integer threads = result.cost().peakThreads();
            String how;
            if (served == 0) {
                how = "the server served none of them.";
            } else if (tally.queuedOnThreads(threads) && served == 1) {
                how = format(
                        "only one was, so the server serves one client at a time (it held at most %d threads) and "
                                + "keeps the others waiting (in the kernel's accept backlog or a queue of its own) "
                                + "until it is done.%s",
                        threads, queueing(tally, served));
            } else if (tally.queuedOnThreads(threads)) {
                how = format(
                        "%d were, no more than the %d threads the server held at most for its %d clients: it serves "
                                + "each client on a thread of its own and keeps the others waiting until one is "
                                + "free.%s",
                        served, threads, tally.established(), queueing(tally, served));
            } else if (saturated) {
                how = format(
                        "%d were, but the load was saturated (see below) and may have left the others unserved, so "
                                + "this says nothing of how many clients the server serves at once.",
                        served);
            } else {
                how = format(
                        "%d %s: the server serves at most that many clients at a time (or could not take more in "
                                + "time) and keeps the others waiting.%s",
                        served, served == 1 ? "was" : "were", queueing(tally, served));
            }
            notes.add(format(
                    "%d of %d connections were never served: not one byte came back before each was given up "
                            + "(%d ms of silence, or the end of the drain); %s",
                    unserved, tally.established(), request.responseTimeoutMs(), how));
        }
        if (tally.unservedSilent() > 0) {
            notes.add(format(
                    "%d silent connections were never served: the server never answered their half-close at the end.",
                    tally.unservedSilent()));
        }
    }

    private static String queueing(Tally tally, long served) {
        return format(
                " That queueing is how such a model works, not a fault: these connections are counted in "
                        + "integrity.unserved (their %d bytes in unservedBytes), not as errors or missing bytes. To "
                        + "see every client served, use as many connections as it serves at once (%d), or a "
                        + "responseTimeoutMs longer than the run.",
                tally.unservedBytes(), served);
    }

    /** Each rule that found the load generator to be the limit, with its figure, and what to change. */
    private static void clientBound(List<String> notes, ModelResult result) {
        ModelResult.Client client = result.client();
        ModelResult.SendLag lag = client.sendLag();
        for (String rule : client.boundBy()) {
            switch (rule) {
                case ClientBound.CPU ->
                    notes.add(format(
                            "The load generator kept its %d threads %.0f%% busy: it, not the server, was the "
                                    + "bottleneck, so read the throughput as a floor.",
                            client.threads(), client.cpuUtilization() * 100));
                case ClientBound.NEVER_IDLE ->
                    notes.add(format(
                            "The load generator's %d threads never waited for the server (idle %.1f%% of the "
                                    + "measured window) while %s: the generator, not the server, set the pace, so "
                                    + "read the throughput as a floor and the latency as partly the generator's.",
                            client.threads(),
                            client.idleShare() * 100,
                            result.cost().cpuUtilization() == null
                                    ? "the server's CPU cannot be seen"
                                    : format(
                                            "the server used %.0f%% of the CPU its threads could",
                                            result.cost().cpuUtilization() * 100)));
                case ClientBound.SEND_LAG ->
                    notes.add(format(
                            "The open loop fell behind its schedule: messages left up to %.1f µs late at the 99th "
                                    + "percentile (max %.1f µs), more than the %.1f µs between two messages of a "
                                    + "connection. The latency, timed from each message's intended time, is partly "
                                    + "the load generator's own lateness.",
                            lag.p99Micros(), lag.maxMicros(), lag.intervalMicros()));
                case ClientBound.LATE_SENDS ->
                    notes.add(format(
                            "%d of %d sends (%.1f%%) left more than one send interval (%.1f µs) late.",
                            lag.late(), lag.sends(), 100.0 * lag.late() / lag.sends(), lag.intervalMicros()));
                default -> throw new IllegalArgumentException(rule);
            }
        }
        if (result.clientBound()) {
            notes.add("To measure the server rather than the load generator: fewer connections, a smaller pipeline "
                    + "or a lower rate per load-generator thread, more threads, or the load from another machine "
                    + "(the headless runner: java -jar echo-lab.jar run --target host:port).");
        }
    }

    /** Why nothing valid was measured of the server, when that is so, and what would measure it. */
    private static void inconclusive(List<String> notes, ModelResult result, Tally tally) {
        if (result.status() != ModelResult.Status.INCONCLUSIVE) {
            return;
        }
        if (tally.established() == 0) {
            notes.add("Inconclusive: no connection was established, so nothing of the server was measured.");
            return;
        }
        Errors errors = result.errors();
        List<String> silence = new ArrayList<>();
        if (errors.responseTimeout() + tally.unserved() > 0) {
            silence.add(format("%d connections given up for silence", errors.responseTimeout() + tally.unserved()));
        }
        if (errors.connectTimeout() > 0) {
            silence.add(format("%d connect timeouts", errors.connectTimeout()));
        }
        if (tally.unsent() > 0) {
            silence.add(format("%d open-loop messages never sent", tally.unsent()));
        }
        boolean saturated = result.clientBound() || result.machineBound();
        if (!saturated || silence.isEmpty()) {
            notes.add("Inconclusive: the load generator failed, so its figures are not the server's.");
            return;
        }
        String who = result.clientBound() && result.machineBound()
                ? "the load generator and the whole machine were"
                : result.clientBound() ? "the load generator was" : "the whole machine was";
        long unanswered = result.integrity().unansweredBytes();
        notes.add(format(
                "Inconclusive: %s, while %s saturated. A load generator that cannot read its sockets in time takes a "
                        + "healthy server for a silent one, so none of it is held against the server%s. To measure "
                        + "the server, lighten the load on this machine: fewer connections, a smaller pipeline or a "
                        + "lower rate, or the load generator on another machine.",
                String.join(", ", silence),
                who,
                unanswered == 0
                        ? ""
                        : format(
                                " (the %d bytes given up for silence are in integrity.unansweredBytes, not "
                                        + "missingBytes)",
                                unanswered)));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
