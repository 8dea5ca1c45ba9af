package dev.echolab.stress;

/**
 * Long arithmetic that stops at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} instead of wrapping around. The
 * engine's times and counts are products of request fields a user chooses ({@code messagesPerConnection ×
 * connections}, a rate × a duration, a start plus a very long duration): a wrapped value would turn "more than can
 * be counted" into a negative count or a deadline in the past.
 */
final class Saturating {

    private Saturating() {}

    static long add(long a, long b) {
        long sum = a + b;
        // Overflow only when both operands have the sign the sum lacks (Hacker's Delight 2-13).
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }

    static long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        // The product fits when its high 64 bits are only the sign extension of the low 64.
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
