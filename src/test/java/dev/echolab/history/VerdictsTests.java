package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.history.Comparison.Rule;
import dev.echolab.history.Comparison.Verdict;
import dev.echolab.history.Verdicts.Judged;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The statistics of one verdict on synthetic per-run values: each case asserts the verdict and the rule that decided
 * it. Defaults as the API's: alpha 0.05, a minimum difference of 5 %, an A/A spread of 35 %.
 */
class VerdictsTests {

    private static final double ALPHA = 0.05;
    private static final double MIN_DIFFERENCE = 0.05;
    private static final double AA_SPREAD = 0.35;

    @Test
    void aClearShiftIsWorseForThroughputAndBetterForLatency() {
        double[] base = {100, 101, 99, 100, 102};
        double[] candidate = {80, 81, 79, 80, 82};

        Judged throughput = judge(base, candidate, true);
        Judged latency = judge(base, candidate, false);

        assertThat(throughput.verdict()).isEqualTo(Verdict.worse);
        assertThat(throughput.rule()).isEqualTo(Rule.rankTest);
        assertThat(throughput.pValue()).isLessThanOrEqualTo(ALPHA);
        assertThat(throughput.shift()).isEqualTo(0.8);
        assertThat(throughput.interval().high()).as("beyond 5 %").isLessThan(1 / 1.05);
        assertThat(throughput.interval().confidence()).isEqualTo(0.95);
        assertThat(throughput.runsNeeded()).isNull();
        assertThat(latency.verdict()).isEqualTo(Verdict.better);
        assertThat(latency.rule()).isEqualTo(Rule.rankTest);
    }

    @Test
    void noShiftWithinTheMinimumDifferenceIsSame() {
        double[] base = {100, 104, 97, 101, 99, 103, 98, 102};
        double[] candidate = {101, 98, 103, 99, 100, 97, 104, 102};

        Judged judged = judge(base, candidate, true);

        assertThat(judged.verdict()).isEqualTo(Verdict.same);
        assertThat(judged.rule()).isEqualTo(Rule.rankTest);
        assertThat(judged.interval().low()).isGreaterThanOrEqualTo(1 / 1.05);
        assertThat(judged.interval().high()).isLessThanOrEqualTo(1.05);
        assertThat(judged.pValue()).isGreaterThan(ALPHA);
    }

    @Test
    void aRealDifferenceSmallerThanTheMinimumThatMattersIsSame() {
        double[] base = {100.0, 100.2, 99.8, 100.1, 99.9, 100.0};
        double[] candidate = {102.0, 102.2, 101.8, 102.1, 101.9, 102.0};

        Judged judged = judge(base, candidate, true);

        assertThat(judged.pValue()).as("the test sees it").isLessThanOrEqualTo(ALPHA);
        assertThat(judged.verdict()).as("but 2 % is within 5 %").isEqualTo(Verdict.same);
        assertThat(judged.rule()).isEqualTo(Rule.rankTest);
    }

    @Test
    void anIntervalAcrossTheMinimumDifferenceIsInconclusiveWithTheRunsThatWouldDecideIt() {
        double[] base = {100, 110, 92, 104, 97};
        double[] candidate = {104, 114, 96, 108, 101};

        Judged judged = judge(base, candidate, true);

        assertThat(judged.verdict()).isEqualTo(Verdict.inconclusive);
        assertThat(judged.rule()).isEqualTo(Rule.rankTest);
        assertThat(judged.runsNeeded()).isGreaterThan(5);
        assertThat(judged.reason()).contains("about " + judged.runsNeeded() + " runs a side would decide it");
    }

    @Test
    void tiesWithinAndAcrossTheSidesStillGiveAnInterval() {
        double[] base = {100, 100, 101, 101, 102, 100};
        double[] candidate = {100, 101, 101, 102, 102, 101};

        Judged judged = judge(base, candidate, false);

        assertThat(judged.verdict()).isEqualTo(Verdict.same);
        assertThat(judged.rule()).isEqualTo(Rule.rankTest);
        assertThat(judged.interval().low()).isNotNull().isLessThanOrEqualTo(1.0);
        assertThat(judged.interval().high()).isNotNull().isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void identicalValuesAreSameWithEnoughRunsAndInconclusiveWithTooFew() {
        double[] five = {250, 250, 250, 250, 250};
        double[] three = {250, 250, 250};

        Judged enough = judge(five, five.clone(), false);
        Judged few = judge(three, three.clone(), false);

        assertThat(enough.verdict()).isEqualTo(Verdict.same);
        assertThat(enough.rule()).isEqualTo(Rule.rankTest);
        assertThat(enough.pValue()).isEqualTo(1.0);
        assertThat(few.verdict()).as("3 a side cannot say same").isEqualTo(Verdict.inconclusive);
        assertThat(few.rule()).isEqualTo(Rule.aaSpread);
        assertThat(few.runsNeeded()).as("the fewest the test can decide with").isEqualTo(4);
    }

    @Test
    void oneRunASideIsJudgedOnlyAgainstTheAaSpread() {
        Judged doubled = judge(new double[] {100}, new double[] {200}, true);
        Judged moved = judge(new double[] {100}, new double[] {120}, true);

        assertThat(doubled.verdict()).isEqualTo(Verdict.better);
        assertThat(doubled.rule()).isEqualTo(Rule.aaSpread);
        assertThat(doubled.interval().confidence()).as("one pair of runs").isZero();
        assertThat(moved.verdict()).as("20 % is within the A/A spread").isEqualTo(Verdict.inconclusive);
        assertThat(moved.rule()).isEqualTo(Rule.aaSpread);
        assertThat(moved.runsNeeded()).isGreaterThanOrEqualTo(4);
        assertThat(moved.reason()).contains("cannot reach p ≤ 0.05", "its least p is 1");
    }

    @Test
    void threeRunsASideNeedEveryPairBeyondTheAaSpread() {
        double[] base = {100, 104, 98};

        Judged halved = judge(base, new double[] {50, 52, 49}, true);
        Judged slower = judge(base, new double[] {80, 83, 79}, true);

        assertThat(halved.verdict()).isEqualTo(Verdict.worse);
        assertThat(halved.rule()).isEqualTo(Rule.aaSpread);
        assertThat(halved.interval().confidence())
                .as("1 - least p of 3 and 3 runs")
                .isEqualTo(0.9);
        assertThat(slower.verdict())
                .as("20 % slower, but two runs of one setup land 35 % apart here")
                .isEqualTo(Verdict.inconclusive);
        assertThat(slower.rule()).isEqualTo(Rule.aaSpread);
    }

    @Test
    void heavyTailsDoNotMoveTheVerdictTheWayAMeanWould() {
        double[] base = {100, 102, 98, 101, 99, 100, 103, 97, 950, 100};
        double[] candidate = {101, 99, 100, 98, 102, 100, 97, 103, 100, 99};

        Judged judged = judge(base, candidate, false);

        assertThat(judged.verdict())
                .as("one base run at ×9.5 (a GC pause in a p99.9) would make the means differ by 77 %")
                .isEqualTo(Verdict.same);
        assertThat(judged.rule()).isEqualTo(Rule.rankTest);
    }

    @Test
    void twentyAaComparisonsOfOneNoisyDistributionGiveNoBetterOrWorse() {
        Random random = new Random(7);
        int falseVerdicts = 0;
        for (int i = 0; i < 20; i++) {
            double[] a = new double[5];
            double[] b = new double[5];
            for (int j = 0; j < 5; j++) {
                a[j] = 100 * Math.exp(0.01 * random.nextGaussian());
                b[j] = 100 * Math.exp(0.01 * random.nextGaussian());
            }
            Verdict verdict = judge(a, b, true).verdict();
            falseVerdicts += verdict == Verdict.better || verdict == Verdict.worse ? 1 : 0;
        }

        assertThat(falseVerdicts)
                .as("a 5 %% minimum difference against 1 %% noise")
                .isZero();
    }

    @Test
    void theLeastPOfTheTestAndTheRunsItNeeds() {
        assertThat(Verdicts.leastP(3, 3)).isEqualTo(0.1);
        assertThat(Verdicts.leastP(1, 1)).isEqualTo(1.0);
        assertThat(Verdicts.leastRunsFor(0.05)).isEqualTo(4);
        assertThat(Verdicts.leastRunsFor(0.01)).isEqualTo(5);
    }

    private static Judged judge(double[] base, double[] candidate, boolean higherIsBetter) {
        return Verdicts.judge(base, candidate, higherIsBetter, ALPHA, MIN_DIFFERENCE, AA_SPREAD);
    }
}
