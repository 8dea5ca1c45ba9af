package dev.echolab.cli;

import dev.echolab.stress.ModelResult;
import dev.echolab.stress.StressRun;
import java.util.ArrayList;
import java.util.List;

/**
 * What a finished run (or merged shards) means for a pipeline, as an exit code and the reasons behind it: 0 every
 * model held; 1 the server under test fell short; 2 nothing valid was measured. A server that fell short is a fact
 * even when another model measured nothing, so 1 wins over 2.
 *
 * @param code    the exit code
 * @param reasons why, one line each; empty when every model held
 */
record Outcome(int code, List<String> reasons) {

    /** Every model held: the run succeeded and every threshold held. */
    static final int HELD = 0;
    /** The server under test fell short: a threshold broke, or a model FAILED. */
    static final int FELL_SHORT = 1;
    /** Bad usage, or nothing valid was measured: nothing the server did can be judged from it. */
    static final int NOT_MEASURED = 2;

    static Outcome of(StressRun run, Thresholds thresholds) {
        List<String> shortfalls = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        for (ModelResult result : run.results()) {
            if (result.connections().requested() > 0 && result.connections().established() == 0) {
                unmeasured.add(result.model() + ": no connection to " + target(result) + " was established ("
                        + errors(result) + "): nothing was measured");
                continue;
            }
            switch (result.status()) {
                case FAILED -> shortfalls.add(result.model() + ": FAILED" + firstNote(result));
                case INCONCLUSIVE -> unmeasured.add(result.model() + ": INCONCLUSIVE" + firstNote(result));
                case CANCELLED -> unmeasured.add(result.model() + ": CANCELLED, the figures are partial");
                case SUCCEEDED -> {}
            }
            if (thresholds.any() && result.clientBound()) {
                unmeasured.add(result.model() + ": the load generator was the limit (clientBound), so the thresholds "
                        + "cannot judge the server; use fewer connections, or the load on another machine");
            } else {
                shortfalls.addAll(thresholds.broken(result));
            }
        }
        if (run.results().isEmpty()) {
            unmeasured.add("the run ended " + run.status() + " without a result: nothing was measured");
        } else if (run.status() == StressRun.Status.CANCELLED && unmeasured.isEmpty()) {
            unmeasured.add("the run was CANCELLED: the models after the last one shown were not loaded");
        }
        List<String> reasons = new ArrayList<>(shortfalls);
        reasons.addAll(unmeasured);
        int code = !shortfalls.isEmpty() ? FELL_SHORT : !unmeasured.isEmpty() ? NOT_MEASURED : HELD;
        return new Outcome(code, reasons);
    }

    private static String target(ModelResult result) {
        return result.target() == null ? result.model() : result.target();
    }

    private static String errors(ModelResult result) {
        ModelResult.Errors e = result.errors();
        return "connect refused " + e.connectRefused() + ", connect timeout " + e.connectTimeout() + ", other "
                + (e.total() - e.connectRefused() - e.connectTimeout());
    }

    private static String firstNote(ModelResult result) {
        return result.notes().isEmpty() ? "" : " (" + result.notes().getFirst() + ")";
    }
}
