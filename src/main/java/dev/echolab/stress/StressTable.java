package dev.echolab.stress;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * A run's models side by side, as Markdown (for people: {@code Accept: text/markdown}) or CSV (for
 * spreadsheets: {@code Accept: text/csv}). One row per model, the same columns in both; the CSV has the notes in a
 * last column, one per line, and is RFC 4180 (Jackson's CSV writer quotes what needs it, line breaks included).
 */
public final class StressTable {

    /** How a column reads in Markdown; CSV always has the plain value. */
    private enum Kind {
        TEXT,
        NUMBER,
        SHARE
    }

    /** A column: its Markdown heading, its CSV name, and the cell of one result. */
    private record Column(String heading, String name, Kind kind, Function<ModelResult, Object> cell) {

        Column(String heading, String name, Function<ModelResult, Object> cell) {
            this(heading, name, Kind.NUMBER, cell);
        }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("model", "model", Kind.TEXT, ModelResult::model),
            new Column("status", "status", Kind.TEXT, ModelResult::status),
            new Column(
                    "connections",
                    "connectionsEstablished",
                    r -> r.connections().established()),
            new Column("msg/s", "messagesPerSecond", r -> r.throughput().messagesPerSecond()),
            new Column("MB/s", "megabytesPerSecond", r -> r.throughput().bytesPerSecond() / 1e6),
            new Column("p50 µs", "p50Micros", r -> r.latencyMicros().p50()),
            new Column("p90 µs", "p90Micros", r -> r.latencyMicros().p90()),
            new Column("p99 µs", "p99Micros", r -> r.latencyMicros().p99()),
            new Column("p99.9 µs", "p999Micros", r -> r.latencyMicros().p999()),
            new Column("max µs", "maxMicros", r -> r.latencyMicros().max()),
            new Column("errors", "errors", r -> r.errors().total()),
            new Column("verified", "verified", Kind.TEXT, r -> r.integrity().verified()),
            new Column("server CPU s", "serverCpuSeconds", r -> r.cost().serverCpuSeconds()),
            new Column("CPU µs/msg", "cpuMicrosPerMessage", r -> r.cost().cpuMicrosPerMessage()),
            new Column("peak threads", "peakThreads", r -> r.cost().peakThreads()),
            new Column(
                    "client CPU",
                    "clientCpuUtilization",
                    Kind.SHARE,
                    r -> r.client().cpuUtilization()),
            new Column("client-bound", "clientBound", Kind.TEXT, ModelResult::clientBound),
            new Column("machine-bound", "machineBound", Kind.TEXT, ModelResult::machineBound));

    /** Quotes a value only when it must (a comma, a quote, a line break), as RFC 4180 asks. */
    private static final CsvMapper CSV =
            CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();

    private static final CsvSchema CSV_SCHEMA = csvSchema();

    private StressTable() {}

    public static String markdown(StressRun run) {
        StringBuilder out = new StringBuilder();
        out.append("Stress run ")
                .append(run.id())
                .append(": ")
                .append(run.status())
                .append(". ")
                .append(profile(run.request()))
                .append("\n\n");
        List<String> headings = COLUMNS.stream().map(Column::heading).toList();
        out.append("| ").append(String.join(" | ", headings)).append(" |\n|");
        for (Column c : COLUMNS) {
            out.append(c.kind() == Kind.TEXT ? "---|" : "---:|");
        }
        out.append('\n');
        for (ModelResult result : run.results()) {
            List<String> cells = new ArrayList<>();
            for (Column c : COLUMNS) {
                cells.add(markdownCell(c, c.cell().apply(result)));
            }
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        List<String> notes = new ArrayList<>();
        for (ModelResult result : run.results()) {
            result.notes().forEach(n -> notes.add("- **" + result.model() + "**: " + n));
        }
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n\n").append(String.join("\n", notes)).append('\n');
        }
        return out.toString();
    }

    public static String csv(StressRun run) {
        List<List<String>> rows = new ArrayList<>();
        for (ModelResult result : run.results()) {
            List<String> cells = new ArrayList<>();
            for (Column c : COLUMNS) {
                cells.add(csvCell(c.cell().apply(result)));
            }
            cells.add(String.join("\n", result.notes()));
            rows.add(cells);
        }
        return CSV.writer(CSV_SCHEMA).writeValueAsString(rows);
    }

    private static CsvSchema csvSchema() {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        COLUMNS.forEach(c -> schema.addColumn(c.name()));
        return schema.addColumn("notes").build();
    }

    /** The profile in one sentence: "500 connections × 64 B, closed loop (pipeline 1), 10 s after 2 s warm-up." */
    static String profile(StressRequest r) {
        String loop = r.openLoop()
                ? format("open loop at %d msg/s", r.ratePerSecond())
                : format("closed loop (pipeline %d)", r.pipeline());
        String length = r.durationSeconds() != null
                ? seconds(r.durationSeconds())
                : r.messagesPerConnection() + " messages per connection";
        String warmup = r.warmupSeconds() > 0 ? " after " + seconds(r.warmupSeconds()) + " warm-up" : "";
        String rampUp = r.rampUpSeconds() > 0 ? ", connects over " + seconds(r.rampUpSeconds()) : "";
        return format(
                "%d connections × %d B, %s, %s%s%s.", r.connections(), r.payloadBytes(), loop, length, warmup, rampUp);
    }

    private static String markdownCell(Column column, Object value) {
        if (value == null) {
            return "–";
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof Double d) {
            return column.kind() == Kind.SHARE ? format("%.0f%%", d * 100) : number(d);
        }
        if (value instanceof Number n) {
            return format("%,d", n.longValue());
        }
        return value.toString().replace("|", "\\|");
    }

    private static String csvCell(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Double d
                ? BigDecimal.valueOf(Results.round(d, 3)).stripTrailingZeros().toPlainString()
                : value.toString();
    }

    /** Three significant digits at most, thousands grouped: 63,458 / 4.06 / 14.3. */
    private static String number(double value) {
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 100 || value == Math.rint(value) ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
        return format("%,." + decimals + "f", value);
    }

    private static String seconds(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + " s";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
