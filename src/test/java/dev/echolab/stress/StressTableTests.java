package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.ExampleFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/** A run's table as CSV: RFC 4180, so any CSV reader gets back exactly the cells, notes with line breaks included. */
class StressTableTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aNoteWithALineBreakCommasAndQuotesSurvivesARoundTrip() {
        List<String> notes = List.of("first line\nsecond line, with a comma", "a \"quoted\" word;\r\nthen CRLF");
        StressRun run = runWithNotes(notes);

        String csv = StressTable.csv(run);
        List<Map<String, String>> rows = read(csv);

        assertThat(rows).hasSize(1);
        Map<String, String> row = rows.getFirst();
        assertThat(row.get("notes")).isEqualTo(String.join("\n", notes));
        assertThat(row.get("model")).isEqualTo(run.results().getFirst().model());
        assertThat(row.get("status")).isEqualTo("SUCCEEDED");
        assertThat(row.get("verified")).isEqualTo("true");
        assertThat(row.keySet())
                .startsWith("model", "status", "connectionsEstablished")
                .endsWith("notes");
        assertThat(csv)
                .as("CRLF ends each record")
                .startsWith("model,status,")
                .contains(",notes\r\n")
                .endsWith("\r\n");
    }

    @Test
    void aPlainCellIsNotQuoted() {
        String csv = StressTable.csv(runWithNotes(List.of()));
        String record = csv.lines().skip(1).findFirst().orElseThrow();
        assertThat(record)
                .startsWith(runWithNotes(List.of()).results().getFirst().model() + ",SUCCEEDED,")
                .doesNotContain("\"");
    }

    private static List<Map<String, String>> read(String csv) {
        CsvMapper mapper = CsvMapper.builder().build();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            return rows.readAll();
        }
    }

    /** The documented example of a finished run, with one model and these notes. */
    private static StressRun runWithNotes(List<String> notes) {
        ObjectNode run = (ObjectNode) JSON.readTree(ExampleFiles.read("stress-run-succeeded.json"));
        JsonNode result = run.withArray("results").get(0);
        ((ObjectNode) result).set("notes", JSON.valueToTree(notes));
        run.withArray("results").removeAll().add(result);
        return JSON.treeToValue(run, StressRun.class);
    }
}
