package dev.echolab.stress;

import java.util.List;

/** One page of runs, newest first, and how many match in all. */
public record RunPage(List<StressRun> runs, long total) {}
