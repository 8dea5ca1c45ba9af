package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The model filter of runs kept in memory matches what the database's does: models, and targets by either name. */
class RunQueryTests {

    private static final StressRun RUN = JsonMapper.builder().build().readValue("""
                    {"id": "0a729136", "status": "SUCCEEDED", "progress": 1, "createdAt": "2026-01-01T00:00:00Z",
                     "request": {"models": ["blocking"],
                                 "targets": ["10.1.2.3:7009", {"address": "10.1.2.4:7010", "model": "netty"}]},
                     "results": []}
                    """, StressRun.class);

    @Test
    void aRunMatchesItsModelsAndItsTargetsByAddressAndByModel() {
        assertThat(matches("blocking")).isTrue();
        assertThat(matches("10.1.2.3:7009")).as("a target named by its address").isTrue();
        assertThat(matches("10.1.2.4:7010"))
                .as("a target that names its model, by address")
                .isTrue();
        assertThat(matches("netty"))
                .as("a target that names its model, by model")
                .isTrue();
        assertThat(matches("multiplexing")).isFalse();
        assertThat(matches("10.1.2.3:7010")).isFalse();
    }

    private static boolean matches(String model) {
        return new RunQuery(model, null, null, null).matches(RUN);
    }
}
