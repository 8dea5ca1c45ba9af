package dev.echolab.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU time of the carrier thread under the calling virtual thread, so that {@code greenlet} can be charged what
 * its coroutines really used of the carriers. Wall time would charge it also for the moments the OS ran something
 * else on that core, which on a busy machine adds up to more than the carriers' own CPU time.
 *
 * <p>The JDK gives a virtual thread no CPU clock of its own ({@code getCurrentThreadCpuTime()} answers -1) and no
 * public handle on its carrier; a mounted virtual thread's {@code toString()} ends with {@code @<carrier name>}, and
 * carriers are few and long-lived, so their ids are looked up by name once.
 */
final class CarrierCpuClock {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final Map<String, Long> CARRIER_IDS = new ConcurrentHashMap<>();

    private CarrierCpuClock() {}

    /** CPU nanoseconds of the current carrier so far, or -1 when the caller is not a mounted virtual thread. */
    static long now() {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            return -1;
        }
        String text = self.toString();
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return -1;
        }
        String carrier = text.substring(at + 1);
        Long id = CARRIER_IDS.get(carrier);
        long cpu = id == null ? -1 : MX.getThreadCpuTime(id);
        if (cpu < 0) { // a carrier not seen yet, or one that ended and whose name came back
            id = lookUp(carrier);
            cpu = id == null ? -1 : MX.getThreadCpuTime(id);
        }
        return cpu;
    }

    private static Long lookUp(String carrierName) {
        for (ThreadInfo info : MX.getThreadInfo(MX.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals(carrierName)) {
                CARRIER_IDS.put(carrierName, info.getThreadId());
                return info.getThreadId();
            }
        }
        CARRIER_IDS.remove(carrierName);
        return null;
    }
}
