package dev.echolab.stress;

import dev.echolab.stress.ModelResult.SendLag;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the load generator, not the server, set the pace of a run, and by which evidence: the rules that found it
 * so ({@code client.boundBy}; any one makes {@code clientBound} true). Each rule reads a figure the result shows:
 *
 * <ul>
 *   <li>{@value #CPU}: the generator's threads were on CPU at least 90% of their wall time
 *       ({@code client.cpuUtilization});
 *   <li>{@value #NEVER_IDLE} (closed loop): its threads waited for the network less than 2% of the measured window
 *       ({@code client.idleShare}), unless the server's threads used at least 90% of the CPU they could
 *       ({@code cost.cpuUtilization}): then both were busy and the server set the pace. A generator that always
 *       finds sockets ready never waits in {@code select}, whether it runs or waits for a core, so one starved of
 *       CPU on a crowded machine shows here even when its own CPU meter reads low. A server outside the app, whose
 *       CPU cannot be seen, is not given the benefit of the doubt: a generator with no time to spare is at its
 *       limit, and the throughput is a floor, whatever the server could have done;
 *   <li>{@value #SEND_LAG} (open loop): the 99th percentile of how late messages left exceeds the send interval
 *       ({@code client.sendLag.p99Micros} against {@code intervalMicros}), whatever the CPU meter says;
 *   <li>{@value #LATE_SENDS} (open loop): more than 1% of sends left more than one interval late.
 * </ul>
 *
 * @param by the rules that tripped, in the order above; empty when none did
 */
record ClientBound(List<String> by) {

    static final String CPU = "cpu";
    static final String NEVER_IDLE = "never-idle";
    static final String SEND_LAG = "send-lag-p99";
    static final String LATE_SENDS = "late-sends";

    /** Busy share of the generator's threads from which it counts as saturated. */
    static final double BUSY = 0.9;
    /** Below this share of the window spent waiting for the network, the generator never idled. */
    static final double NEVER_IDLE_BELOW = 0.02;
    /** The server counts as saturated from this share of the CPU its threads could use. */
    static final double SERVER_SATURATED = 0.9;
    /** More than this share of sends late by more than one interval trips {@value #LATE_SENDS}. */
    static final double LATE_SHARE = 0.01;

    ClientBound {
        by = List.copyOf(by);
    }

    /**
     * @param cpuUtilization    the generator threads' CPU time over their wall time
     * @param idleShare         their share of the measured window spent waiting in {@code select}; null if unknown
     * @param serverUtilization the server's CPU time over what its threads could use; null if it cannot be seen
     * @param sendLag           open loop: the send lag; null in the closed loop
     */
    static ClientBound judge(double cpuUtilization, Double idleShare, Double serverUtilization, SendLag sendLag) {
        List<String> by = new ArrayList<>();
        if (cpuUtilization >= BUSY) {
            by.add(CPU);
        }
        if (sendLag == null
                && idleShare != null
                && idleShare < NEVER_IDLE_BELOW
                && (serverUtilization == null || serverUtilization < SERVER_SATURATED)) {
            by.add(NEVER_IDLE);
        }
        if (sendLag != null && sendLag.sends() > 0) {
            if (sendLag.p99Micros() > sendLag.intervalMicros()) {
                by.add(SEND_LAG);
            }
            if (sendLag.late() > LATE_SHARE * sendLag.sends()) {
                by.add(LATE_SENDS);
            }
        }
        return new ClientBound(by);
    }

    boolean bound() {
        return !by.isEmpty();
    }
}
