package dev.echolab.history;

import dev.echolab.history.Comparison.Interval;
import dev.echolab.history.Comparison.Rule;
import dev.echolab.history.Comparison.Verdict;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntPredicate;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * The statistics of one verdict: a metric of the candidate runs against the base runs. A run (each repeat of one) is
 * the unit, never the samples inside it: those share one JIT state, heap and set of neighbours, so their spread says
 * nothing about where the next run lands. Everything is on the log scale, so a shift is a ratio candidate ÷ base and
 * ×2 and ×0.5 weigh alike.
 *
 * <ul>
 *   <li>The shift is the Hodges–Lehmann estimate: the median of the ratios of every candidate run to every base run.
 *   <li>The interval is every shift that the two-sided Mann–Whitney U test does not reject at alpha: the
 *       distribution-free interval that belongs to the estimate, found by inverting the same test (Commons
 *       Statistics), so the test and the interval never disagree, ties included.
 *   <li>With too few runs the test cannot reach alpha at all (3 a side: its least p is 0.1), and its interval is
 *       unbounded; then only a difference beyond the machine's A/A spread counts, on every pair of runs.
 * </ul>
 *
 * <p>Over 300 lines because the estimate, the test, its inverted interval and the runs-needed estimate are one
 * piece of statistics: each is defined by the others, and reads best beside them.
 */
final class Verdicts {

    /** Two-sided; exact p for small samples without ties, the normal approximation with a tie correction else. */
    private static final MannWhitneyUTest TEST = MannWhitneyUTest.withDefaults();

    /** Beyond this many runs a side the estimate is not worth giving: the difference sits on the minimum. */
    private static final int MOST_RUNS_ESTIMATED = 1000;

    private Verdicts() {}

    /**
     * What the statistics of one metric say, caveats aside.
     *
     * @param shift    Hodges–Lehmann estimate of candidate ÷ base
     * @param interval where the shift lies
     */
    record Judged(
            double shift,
            Interval interval,
            double pValue,
            Verdict verdict,
            Rule rule,
            String reason,
            Integer runsNeeded) {}

    /**
     * Judges candidate against base (per-run values, each above 0, at least one a side).
     *
     * @param minDifference the smallest relative difference that matters
     * @param aaSpread      how far apart two runs of one setup land here: the bar when the runs are too few
     */
    static Judged judge(
            double[] base,
            double[] candidate,
            boolean higherIsBetter,
            double alpha,
            double minDifference,
            double aaSpread) {
        double[] x = logs(base);
        double[] y = logs(candidate);
        double[] differences = differences(y, x);
        double shift = median(differences);
        double p = pValue(y, x, 0);
        double least = leastP(x.length, y.length);
        double limit = Math.log1p(minDifference);
        String runs = "%d base and %d candidate runs".formatted(x.length, y.length);
        if (least > alpha) {
            // Too few runs: the range of every pairwise ratio against the A/A spread, never "same".
            double bar = Math.log1p(Math.max(aaSpread, minDifference));
            double low = differences[0];
            double high = differences[differences.length - 1];
            Interval range = interval(low, high, 1 - least);
            String why = "with %s the rank test cannot reach p ≤ %s (its least p is %s), so only a difference beyond "
                            .formatted(runs, number(alpha), number(least))
                    + "the machine's A/A spread counts (%s), on every pair of runs: the candidate runs are %s of the base runs"
                            .formatted(span(bar), span(range));
            if (low > bar || high < -bar) {
                Verdict verdict = (low > 0) == higherIsBetter ? Verdict.better : Verdict.worse;
                return new Judged(exp(shift), range, p, verdict, Rule.aaSpread, why, null);
            }
            Integer needed = runsNeeded(x, y, shift, limit, alpha, aaSpread);
            return new Judged(
                    exp(shift),
                    range,
                    p,
                    Verdict.inconclusive,
                    Rule.aaSpread,
                    why + ", not all beyond it; " + leastRunsFor(alpha) + " runs a side is the least the test needs; "
                            + decides(needed),
                    needed);
        }
        double[] bounds = invert(y, x, differences, alpha);
        Interval interval = interval(bounds[0], bounds[1], 1 - alpha);
        String pText = "p = " + number(p);
        String within = "the minimum difference (" + span(limit) + ")";
        String ci = "the %s interval (%s)".formatted(percent(1 - alpha), span(interval));
        if (p <= alpha && (bounds[0] > limit || bounds[1] < -limit)) {
            Verdict verdict = (bounds[0] > 0) == higherIsBetter ? Verdict.better : Verdict.worse;
            return new Judged(
                    exp(shift),
                    interval,
                    p,
                    verdict,
                    Rule.rankTest,
                    "with %s, %s ≤ %s and %s lies beyond %s".formatted(runs, pText, number(alpha), ci, within),
                    null);
        }
        if (bounds[0] >= -limit && bounds[1] <= limit) {
            return new Judged(
                    exp(shift),
                    interval,
                    p,
                    Verdict.same,
                    Rule.rankTest,
                    "with %s, %s lies within %s (%s)".formatted(runs, ci, within, pText),
                    null);
        }
        Integer needed = runsNeeded(x, y, shift, limit, alpha, aaSpread);
        return new Judged(
                exp(shift),
                interval,
                p,
                Verdict.inconclusive,
                Rule.rankTest,
                "with %s, %s is neither beyond nor within %s (%s); %s"
                        .formatted(runs, ci, within, pText, decides(needed)),
                needed);
    }

    /** The least two-sided p the test can give m and n runs: that of two sets that do not overlap at all. */
    static double leastP(int m, int n) {
        double[] low = new double[m];
        double[] high = new double[n];
        Arrays.setAll(low, i -> i);
        Arrays.setAll(high, i -> m + i);
        return TEST.test(high, low).getPValue();
    }

    /** The fewest runs a side with which the test can reach alpha at all (4 at 0.05). */
    static int leastRunsFor(double alpha) {
        int runs = 1;
        while (leastP(runs, runs) > alpha && runs < MOST_RUNS_ESTIMATED) {
            runs++;
        }
        return runs;
    }

    /** p of "candidate − shift and base come from one distribution"; 1 when every value ties (no evidence at all). */
    private static double pValue(double[] y, double[] x, double shift) {
        double p = TEST.withMu(shift).test(y, x).getPValue();
        return Double.isNaN(p) ? 1 : p;
    }

    /**
     * The shifts the test does not reject at alpha, on the log scale; infinite where nothing bounds them. The pairwise
     * differences cut the line into segments inside which the test's statistic, so its p, is constant; p rises
     * towards the estimate and falls beyond it, so each end is found by bisection over the segments.
     */
    private static double[] invert(double[] y, double[] x, double[] sortedDifferences, double alpha) {
        double[] cuts = Arrays.stream(sortedDifferences).distinct().toArray();
        int segments = cuts.length + 1; // segment i lies between cuts[i - 1] and cuts[i]
        IntPredicate kept = i -> pValue(y, x, probe(cuts, i)) > alpha;
        double centre = median(sortedDifferences);
        int c = 0;
        while (c < cuts.length && cuts[c] < centre) {
            c++;
        }
        if (!kept.test(c)) {
            if (c + 1 < segments && kept.test(c + 1)) {
                c++;
            } else {
                return new double[] {centre, centre}; // every value on one point: nothing to widen it
            }
        }
        int low = 0;
        int high = c;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (kept.test(mid)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        int first = low;
        low = c;
        high = segments - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (kept.test(mid)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        int last = low;
        return new double[] {
            first == 0 ? Double.NEGATIVE_INFINITY : cuts[first - 1],
            last == segments - 1 ? Double.POSITIVE_INFINITY : cuts[last]
        };
    }

    /** A shift inside segment i: below every difference, halfway between two, or above every one. */
    private static double probe(double[] cuts, int i) {
        if (i == 0) {
            return cuts[0] - 1;
        }
        if (i == cuts.length) {
            return cuts[cuts.length - 1] + 1;
        }
        return (cuts[i - 1] + cuts[i]) / 2;
    }

    /**
     * About how many runs a side would make the interval narrow enough to decide: beyond the minimum difference if
     * the estimate is, within it if not. The interval's half-width shrinks as z·σ·√(2/n), with π/3 for the test's
     * efficiency against a t-test; σ is the runs' own spread (pooled) once there are four, else a third of the A/A
     * spread (a handful of runs spans about three standard deviations). Null when the estimate sits on the minimum
     * difference, where no number of runs is likely to decide.
     */
    private static Integer runsNeeded(double[] x, double[] y, double shift, double limit, double alpha, double aa) {
        double margin = Math.abs(Math.abs(shift) - limit);
        double sigma = x.length + y.length >= 4 ? pooledSd(x, y) : Math.log1p(aa) / 3;
        int floor = Math.max(leastRunsFor(alpha), Math.min(x.length, y.length) + 1);
        if (sigma == 0) {
            return floor;
        }
        double z = NormalDistribution.of(0, 1).inverseSurvivalProbability(alpha / 2);
        double runs = 2 * Math.pow(z * sigma / margin, 2) * Math.PI / 3;
        return runs > MOST_RUNS_ESTIMATED ? null : Math.max(floor, (int) Math.ceil(runs));
    }

    private static double pooledSd(double[] x, double[] y) {
        double squares = (x.length - 1) * Variance.of(x).getAsDouble()
                + (y.length - 1) * Variance.of(y).getAsDouble();
        return Math.sqrt(squares / Math.max(1, x.length + y.length - 2));
    }

    private static String decides(Integer needed) {
        return needed == null
                ? "no number of runs is likely to decide it: the estimate sits on the minimum difference"
                : "about " + needed + " runs a side would decide it";
    }

    private static double[] logs(double[] values) {
        return Arrays.stream(values).map(Math::log).toArray();
    }

    /** Every candidate value minus every base value, sorted. */
    private static double[] differences(double[] y, double[] x) {
        double[] d = new double[x.length * y.length];
        int k = 0;
        for (double b : x) {
            for (double c : y) {
                d[k++] = c - b;
            }
        }
        Arrays.sort(d);
        return d;
    }

    private static double median(double[] values) {
        return Median.withDefaults().evaluate(values);
    }

    private static double exp(double logRatio) {
        return round(Math.exp(logRatio));
    }

    private static Interval interval(double low, double high, double confidence) {
        return new Interval(
                Double.isInfinite(low) ? null : exp(low),
                Double.isInfinite(high) ? null : exp(high),
                round(confidence));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** ×a to ×b for a symmetric bar on the log scale. */
    private static String span(double bar) {
        return "×" + number(Math.exp(-bar)) + " to ×" + number(Math.exp(bar));
    }

    private static String span(Interval interval) {
        return (interval.low() == null ? "unbounded" : "×" + number(interval.low()))
                + " to "
                + (interval.high() == null ? "unbounded" : "×" + number(interval.high()));
    }

    /** Three decimals at most, no trailing zeros (0.05, 0.1, 1.35); a tiny p in scientific notation. */
    static String number(double value) {
        if (value != 0 && Math.abs(value) < 0.001) {
            return String.format(Locale.ROOT, "%.1e", value);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.3f", value))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
