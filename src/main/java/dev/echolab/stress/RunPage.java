package dev.echolab.stress;

import java.util.List;

/**
 * One page of runs, newest first, and how many match in all.
 *
 * @param complete false when the history database could not be read: then the page and the total hold only the
 *                 runs in memory and those waiting to be stored
 */
public record RunPage(List<StressRun> runs, long total, boolean complete) {}
