package dev.echolab.stress;

import dev.echolab.server.IoModel;
import dev.echolab.stress.ModelResult.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code notes} of a result: what went wrong or needs care when reading the figures, in plain words. */
final class Notes {

    private Notes() {}

    /** Notes on a result whose figures are all in, from the sums behind them. */
    static List<String> explain(ModelResult result, Target target, StressRequest request, Results.Tally tally) {
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
                    tally.connectErrorMessage == null ? "" : "; the first said: " + tally.connectErrorMessage));
        }
        if (tally.neverAnswered > 0) {
            long answered = tally.established - tally.neverAnswered;
            String why = answered == 0
                    ? "the server answered none of them"
                    : answered == 1
                            ? "only one did, so the server served one client at a time"
                            : format(
                                    "the other %d did: the server serves at most that many clients at a time, or could "
                                            + "not accept more in time",
                                    answered);
            notes.add(format(
                    "%d of %d connections never got an answer within %d ms; %s.",
                    tally.neverAnswered, tally.established, request.responseTimeoutMs(), why));
        }
        if (tally.stoppedAnswering > 0) {
            notes.add(format(
                    "%d connections stopped getting answers: nothing came back for %d ms after earlier " + "echoes.",
                    tally.stoppedAnswering, request.responseTimeoutMs()));
        }
        if (tally.mismatches > 0) {
            notes.add(format(
                    "%d connections got back bytes that differ from what was sent (first at stream " + "offset %d).",
                    tally.mismatches, tally.firstMismatchOffset));
        }
        if (errors.closedEarly() > 0) {
            notes.add(format(
                    "The server closed %d connections before echoing everything sent on them (%d bytes "
                            + "never came back).",
                    errors.closedEarly(), tally.missingBytes));
        }
        if (errors.reset() > 0) {
            notes.add(format("%d connections were reset.", errors.reset()));
        }
        if (result.messages().unsent() > 0) {
            notes.add(format(
                    "%d messages the open loop's schedule intended were never sent (their connection was "
                            + "not open, or its bytes never left): the latency of those cannot be known, so this model "
                            + "fails.",
                    result.messages().unsent()));
        }
        if (tally.drainCutShort) {
            notes.add(format(
                    "The drain at the end was cut short after %.0f s while %d connections were still "
                            + "answering (%d bytes not back yet): the server is slow, not broken; those messages are in no "
                            + "figure.",
                    Math.max(ClientLoop.MIN_DRAIN_CAP_NANOS / 1e9, result.measuredSeconds()),
                    tally.undrainedConnections,
                    tally.undrainedBytes));
        }
        if (request.idleConnections() > 0
                && result.connections().idleHeld() < request.idleConnections()
                && !cancelled) {
            notes.add(format(
                    "Only %d of %d silent connections stayed open to the end.",
                    result.connections().idleHeld(), request.idleConnections()));
        }
        if (result.clientBound()) {
            notes.add(format(
                    "The load generator kept its %d threads %.0f%% busy: it, not the server, was the "
                            + "bottleneck, so read the throughput as a floor.",
                    result.client().threads(), result.client().cpuUtilization() * 100));
        }
        if (result.machineBound()) {
            notes.add("The whole machine's CPU was at least 90% busy over the measured window: the server and the "
                    + "load generator shared it, so neither figure is the bottleneck's alone.");
        }
        if (target.model() != null && target.model().runsOnVirtualThreads()) {
            notes.add("CPU time is that of the virtual-thread scheduler's carrier threads: nothing else in the "
                    + "app runs on virtual threads but greenlet's coroutines, whose running time is taken out.");
        }
        if (target.model() != null && target.model().ioThreads() == IoModel.IoThreads.COROUTINES) {
            notes.add("CPU time is the hub thread's plus the time its coroutines ran on the JDK's carrier threads "
                    + "(they run one at a time and never block while they run).");
        }
        if (!cancelled && tally.established > 0 && tally.messagesEchoed == 0) {
            notes.add("No measured message came back.");
        }
        return notes;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
