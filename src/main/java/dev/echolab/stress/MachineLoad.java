package dev.echolab.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * How busy the whole machine's CPUs were over the measured window, from the kernel's own counters
 * ({@code /proc/stat}: every core, every process, the server and the load generator alike). When it is near 100%,
 * neither side's figure is the bottleneck's alone. Where there is no {@code /proc/stat}, nothing is known.
 * Used by the coordinator thread only.
 */
final class MachineLoad {

    /** The share of the machine's CPU time from which a result says {@code machineBound}. */
    static final double BOUND = 0.9;

    private static final Path STAT = Path.of("/proc/stat");

    /** {busy, total} CPU time of every core so far, in any unit, or null when unknown. */
    private final Supplier<long[]> counters;

    private long[] first;
    private long[] last;

    /** The machine this runs on, from {@code /proc/stat}. */
    MachineLoad() {
        this(MachineLoad::read);
    }

    /** A machine whose counters come from elsewhere: a test's machine, busy or quiet on purpose. */
    MachineLoad(Supplier<long[]> counters) {
        this.counters = counters;
    }

    /** The measured window starts. */
    void start() {
        first = counters.get();
        last = first;
    }

    /** Takes the latest counters, while still inside the measured window. */
    void sample() {
        if (first != null) {
            long[] now = counters.get();
            last = now == null ? last : now;
        }
    }

    /** Busy share of every core's time between {@link #start()} and the last sample; null when unknown. */
    Double busy() {
        if (first == null || last == null || last[1] <= first[1]) {
            return null;
        }
        return (double) (last[0] - first[0]) / (last[1] - first[1]);
    }

    /** {busy, total} jiffies of all cores, or null. */
    private static long[] read() {
        try (var lines = Files.lines(STAT)) {
            String cpu = lines.findFirst().orElse("");
            if (!cpu.startsWith("cpu ")) {
                return null;
            }
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) { // user .. steal; guest is inside user already
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
