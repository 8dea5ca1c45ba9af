package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.ExampleFiles;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A result's JSON across versions: what an older version wrote (history, shard files) still reads. */
class ModelResultTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aResultWrittenBeforeTheUnservedFiguresExistedReadsThemAsZero() {
        ObjectNode run = (ObjectNode) JSON.readTree(ExampleFiles.read("stress-run-succeeded.json"));
        ObjectNode integrity = (ObjectNode) run.withArray("results").get(0).get("integrity");
        integrity.remove("unserved");
        integrity.remove("unservedBytes");

        ModelResult.Integrity read =
                JSON.treeToValue(run, StressRun.class).results().getFirst().integrity();

        assertThat(read.unserved()).isZero();
        assertThat(read.unservedBytes()).isZero();
        assertThat(read.bytesVerified()).isEqualTo(1_356_864);
    }
}
