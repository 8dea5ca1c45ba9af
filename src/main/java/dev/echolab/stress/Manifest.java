package dev.echolab.stress;

import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.management.ManagementFactory;

/**
 * Where a run ran, taken as it starts: what makes two runs comparable or not (a JDK upgrade, a JVM flag, another
 * commit, a busier machine). Stored with the run; the compare call names what differs.
 *
 * @param commit      git commit of the build (null when built outside git)
 * @param jdk         vendor and runtime version of the JVM
 * @param jvmFlags    the JVM's input arguments, space-separated
 * @param cores       processors the JVM sees
 * @param loadAverage the machine's one-minute load average before the run (null where the OS has none)
 */
public record Manifest(
        @Schema(nullable = true) String commit, String jdk, String jvmFlags, int cores, Double loadAverage) {

    /** This JVM, now. */
    public static Manifest current(String commit) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new Manifest(
                commit,
                System.getProperty("java.vendor") + " " + Runtime.version(),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                Runtime.getRuntime().availableProcessors(),
                load < 0 ? null : Math.round(load * 100) / 100.0);
    }
}
