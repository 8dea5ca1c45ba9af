package dev.echolab.stress;

import dev.echolab.stress.ModelResult.Second;
import java.util.List;
import org.HdrHistogram.Histogram;

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
 * @param measuredNanos    wall time from the start of the measured window to the drain (or the loop's end)
 * @param idleNanos        of it, time spent waiting in {@code select} for a socket to become ready
 * @param sendLag          open loop: how late each measured message sent on the clock left, ns, a copy no one
 *                         writes; null in the closed loop
 * @param lateSends        open loop: of those, messages that left more than one send interval late
 * @param crash            what made the loop fail, or null; its figures are then incomplete
 */
record LoopFigures(
        Tally tally,
        long windowMessages,
        List<Second> perSecond,
        long lastCompletionAt,
        long cpuNanos,
        long measuredNanos,
        long idleNanos,
        Histogram sendLag,
        long lateSends,
        Throwable crash) {

    LoopFigures {
        perSecond = List.copyOf(perSecond);
    }
}
