package dev.echolab.cli;

import dev.echolab.stress.Live;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import java.io.Console;
import java.util.Locale;

/**
 * Follows a run to its end and shows one progress line on stderr: redrawn in place on a terminal, a new line every
 * few seconds in a log (a pod's, a CI job's), never a flood.
 */
final class Progress {

    private static final long POLL_MILLIS = 250;
    private static final long TERMINAL_EVERY_MILLIS = 1_000;
    private static final long LOG_EVERY_MILLIS = 5_000;

    private Progress() {}

    /** Returns the run once it has finished. */
    static StressRun follow(StressRuns runs, StressRun submitted) throws InterruptedException {
        boolean terminal = terminal();
        long every = terminal ? TERMINAL_EVERY_MILLIS : LOG_EVERY_MILLIS;
        long lastShown = System.currentTimeMillis();
        StressRun run = submitted;
        while (!run.finished()) {
            Thread.sleep(POLL_MILLIS);
            run = runs.find(submitted.id()).orElseThrow();
            long now = System.currentTimeMillis();
            if (run.live() != null && now - lastShown >= every) {
                System.err.print((terminal ? "\r" : "") + line(run.live()) + (terminal ? "" : "\n"));
                lastShown = now;
            }
        }
        return run;
    }

    /**
     * Whether stderr is a terminal. Since JDK 22 {@code System.console()} exists even when redirected, and only
     * {@code Console.isTerminal()} (JDK 22+, hence reflection from Java 21 code) tells a terminal from a pod's log.
     */
    private static boolean terminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console at all means a terminal
        }
    }

    static String line(Live live) {
        return String.format(
                Locale.ROOT,
                "%s %-9s %5.1f s %3.0f%%  connections %,d  messages %,d  %,.0f msg/s  " + "p99 %s µs  errors %,d",
                live.model(),
                live.phase(),
                live.elapsedSeconds(),
                live.progress() * 100,
                live.activeConnections(),
                live.messages(),
                live.messagesPerSecond(),
                live.p99Micros() == null ? "–" : String.format(Locale.ROOT, "%,.1f", live.p99Micros()),
                live.errors());
    }
}
