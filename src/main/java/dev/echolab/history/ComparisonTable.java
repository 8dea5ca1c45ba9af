package dev.echolab.history;

import dev.echolab.history.Comparison.Interval;
import dev.echolab.history.Comparison.MetricComparison;
import dev.echolab.history.Comparison.ModelComparison;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A comparison as Markdown, for people: a table per model, the reasons under it, then the method and notes. */
public final class ComparisonTable {

    private static final Map<String, String> LABELS = Map.of(
            "messagesPerSecond", "msg/s",
            "p50Micros", "p50 µs",
            "p99Micros", "p99 µs",
            "p999Micros", "p99.9 µs",
            "cpuMicrosPerMessage", "CPU µs/msg");

    private ComparisonTable() {}

    public static String markdown(Comparison comparison) {
        StringBuilder out = new StringBuilder();
        out.append("Candidate ")
                .append(String.join(", ", comparison.candidate()))
                .append(" against base ")
                .append(String.join(", ", comparison.base()))
                .append(String.format(
                        Locale.ROOT,
                        ": alpha %s, minimum difference %s %%%s.%n",
                        plain(comparison.alpha()),
                        plain(comparison.minDifference() * 100),
                        comparison.includeFailed() ? ", failed runs included" : ""));
        for (ModelComparison model : comparison.models()) {
            out.append("\n### ").append(title(model)).append("\n\n");
            if (model.absentFrom() != null) {
                out.append("Only in the ")
                        .append(model.absentFrom().equals("base") ? "candidate" : "base")
                        .append(" runs: nothing to compare.\n");
                continue;
            }
            out.append("| metric | base | candidate | ratio | shift (interval) | p | verdict | rule |\n")
                    .append("|---|--:|--:|--:|---|--:|---|---|\n");
            for (MetricComparison m : model.metrics()) {
                out.append("| ")
                        .append(LABELS.getOrDefault(m.metric(), m.metric()))
                        .append(" | ")
                        .append(number(m.base()))
                        .append(" | ")
                        .append(number(m.candidate()))
                        .append(" | ")
                        .append(m.ratio() == null ? "–" : "×" + plain(m.ratio()))
                        .append(" | ")
                        .append(shift(m))
                        .append(" | ")
                        .append(m.pValue() == null ? "–" : plain(m.pValue()))
                        .append(" | **")
                        .append(m.verdict())
                        .append("** | ")
                        .append(m.rule())
                        .append(" |\n");
            }
            out.append('\n');
            for (MetricComparison m : model.metrics()) {
                out.append("- ")
                        .append(LABELS.getOrDefault(m.metric(), m.metric()))
                        .append(": ")
                        .append(m.reason())
                        .append('\n');
            }
            Set<String> caveats = new LinkedHashSet<>();
            model.metrics().forEach(m -> caveats.addAll(m.caveats()));
            caveats.forEach(c -> out.append("- caveat: ").append(c).append('\n'));
        }
        out.append("\nMethod: ").append(comparison.method()).append('\n');
        comparison.notes().forEach(n -> out.append("\nNote: ").append(n).append('\n'));
        return out.toString();
    }

    private static String title(ModelComparison model) {
        String who = model.model().equals(model.baseModel())
                ? "`" + model.model() + "`"
                : "`" + model.model() + "` against `" + model.baseModel() + "`";
        return who + ": " + model.baseRuns() + " base and " + model.candidateRuns() + " candidate runs";
    }

    private static String shift(MetricComparison m) {
        Interval i = m.interval();
        if (m.shift() == null || i == null) {
            return "–";
        }
        return "×%s (%s to %s, %s %%)"
                .formatted(
                        plain(m.shift()),
                        i.low() == null ? "unbounded" : "×" + plain(i.low()),
                        i.high() == null ? "unbounded" : "×" + plain(i.high()),
                        plain(i.confidence() * 100));
    }

    /** Thousands grouped above 100, one decimal below: 63,458 / 14.3 / 4.1. */
    private static String number(Double value) {
        if (value == null) {
            return "–";
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Up to three decimals, none trailing. */
    private static String plain(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
