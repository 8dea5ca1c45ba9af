package dev.echolab.stress;

import dev.echolab.stress.ModelResult.Second;
import java.util.List;

/**
 * What one {@link ClientLoop} measured, returned when it has ended: its connections' {@link Tally}, and what only the
 * loop can know (the measured window's echoes second by second, its own CPU time, whether it failed).
 *
 * @param tally            its connections, summed
 * @param windowMessages   measured messages completed inside the measured window, before the drain
 * @param perSecond        those messages per epoch second of the window
 * @param lastCompletionAt when the last measured message came back, {@link System#nanoTime()}; 0 if none did
 * @param cpuNanos         the loop thread's CPU time from the start of the measured window to its end; 0 if it
 *                         ended before measuring began
 * @param crash            what made the loop fail, or null; its figures are then incomplete
 */
record LoopFigures(
        Tally tally,
        long windowMessages,
        List<Second> perSecond,
        long lastCompletionAt,
        long cpuNanos,
        Throwable crash) {

    LoopFigures {
        perSecond = List.copyOf(perSecond);
    }
}
