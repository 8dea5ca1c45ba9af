package dev.echolab.cli;

import dev.echolab.stress.Live;
import dev.echolab.stress.StressRequest;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A run's live counters ({@link Live}) shown on stderr while it goes. On a terminal, a progress bar per model
 * (elapsed of total, msg/s, p99 so far); elsewhere (a pod's log, a CI job's, a file) a plain line as each phase begins
 * and every few seconds, never a flood.
 */
abstract sealed class ProgressView implements AutoCloseable {

    /** For this request, on this stream: a bar when it is the terminal's stderr, else lines. */
    static ProgressView on(PrintStream stderr, StressRequest request) {
        return stderr == System.err && stderrIsTerminal() ? new Bar(stderr, request) : new Lines(stderr);
    }

    /** Shows the counters of the model under load now. */
    abstract void show(Live live);

    /** The run has ended as planned (not cancelled): the model under load went the whole way. */
    abstract void done();

    @Override
    public abstract void close();

    /**
     * Whether stderr is a terminal. On Linux, what file descriptor 2 points to; elsewhere, whether the JVM has a
     * console that is a terminal (which says so for stdin and stdout, not stderr: the best there is).
     */
    private static boolean stderrIsTerminal() {
        if (System.getenv("TERM") != null && System.getenv("TERM").equals("dumb")) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd)) {
            try {
                String to = Files.readSymbolicLink(fd).toString();
                return to.startsWith("/dev/pts/") || to.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        Console console = System.console();
        try {
            return console != null
                    && (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return console != null; // JDK 21: a console at all means a terminal
        }
    }

    /** {@code 12,345 msg/s  p99 1.2 ms  errors 0}. */
    static String figures(Live live) {
        return String.format(
                Locale.ROOT,
                "%,.0f msg/s  p99 %s  errors %,d",
                live.messagesPerSecond(),
                live.p99Micros() == null ? "–" : micros(live.p99Micros()),
                live.errors());
    }

    private static String micros(double micros) {
        return micros >= 1000
                ? String.format(Locale.ROOT, "%,.1f ms", micros / 1000)
                : String.format(Locale.ROOT, "%,.0f µs", micros);
    }

    /** On a terminal: one bar per model, its length the model's whole time (ramp-up, warm-up, duration). */
    static final class Bar extends ProgressView {
        private final PrintStream out;
        private final StressRequest request;
        private ProgressBar bar;
        private int model = -1;

        Bar(PrintStream out, StressRequest request) {
            this.out = out;
            this.request = request;
        }

        @Override
        void show(Live live) {
            if (live.modelIndex() != model) {
                done(); // the model before ended: it went the whole way
                model = live.modelIndex();
                bar = new ProgressBarBuilder()
                        .setTaskName(live.model() + (live.models() > 1 ? " " + (model + 1) + "/" + live.models() : ""))
                        .setInitialMax(max())
                        .setUnit(byTime() ? "s" : " msg", byTime() ? 1000 : 1)
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setConsumer(new ConsoleProgressBarConsumer(out))
                        .setUpdateIntervalMillis(250)
                        .build();
            }
            long done = byTime() ? Math.round(live.elapsedSeconds() * 1000) : live.messages();
            bar.stepTo(Math.min(done, bar.getMax()));
            bar.setExtraMessage(live.phase() + "  " + figures(live));
        }

        /** Whether the run ends by time (the bar counts seconds); by messages, it counts them. */
        private boolean byTime() {
            return request.durationSeconds() != null;
        }

        private long max() {
            if (!byTime()) {
                return (long) request.connections() * request.messagesPerConnection();
            }
            return Math.round((request.rampUpSeconds() + request.warmupSeconds() + request.durationSeconds()) * 1000);
        }

        @Override
        void done() {
            if (bar != null) {
                bar.stepTo(bar.getMax());
            }
            close();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** Not a terminal: a line as each phase of each model begins, and every five seconds in between. */
    static final class Lines extends ProgressView {
        private static final long EVERY_MILLIS = 5_000;
        private final PrintStream out;
        private String shown = "";
        private long shownAt;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        void show(Live live) {
            String phase = live.modelIndex() + live.phase();
            long now = System.currentTimeMillis();
            if (!phase.equals(shown) || now - shownAt >= EVERY_MILLIS) {
                out.println(line(live));
                shown = phase;
                shownAt = now;
            }
        }

        static String line(Live live) {
            return String.format(
                    Locale.ROOT,
                    "%s %s %.1f s %3.0f%%  connections %,d  messages %,d  %s",
                    live.model(),
                    live.phase(),
                    live.elapsedSeconds(),
                    live.progress() * 100,
                    live.activeConnections(),
                    live.messages(),
                    figures(live));
        }

        @Override
        void done() {}

        @Override
        public void close() {}
    }
}
