package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRequestValidator.Violation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API's words for a bad request, put in the flags' words. */
class RunFlagsTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "connections               | --connections",
                "durationSeconds           | --duration",
                "targets[1].address        | --target",
                "targets[0].model          | --target",
                "models                    | --model",
                "models[0].<list element>  | --model",
                "ratePerSecond             | --rate"
            })
    void aFieldOrPathIsItsFlag(String field, String flag) {
        assertThat(RunFlags.flag(field)).isEqualTo(flag);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "give durationSeconds or messagesPerConnection, not both"
                        + " | give --duration or --messages-per-connection, not both",
                "pipeline is for the closed loop; leave it out with ratePerSecond"
                        + " | --pipeline is for the closed loop; leave it out with --rate",
                "connections 500, idleConnections 0 and pipeline 1024 need about 9 MiB"
                        + " | --connections 500, --idle-connections 0 and --pipeline 1024 need about 9 MiB",
                "must name at most 11 models, each once | must name at most 11 models, each once",
                "must be at most 20000 (echo.stress.max-connections) | must be at most 20000 (echo.stress.max-connections)"
            })
    void fieldNamesInAMessageBecomeFlagsAndWordsStayWords(String message, String cli) {
        assertThat(RunFlags.inFlagWords(message)).isEqualTo(cli);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"127.0.0.1:0 | | --target 127.0.0.1:0:", "h:1 | Bad | --target h:1=Bad:"})
    void aTargetIsNamedWithItsValue(String address, String model, String prefix) {
        StressRequest request = new StressRequest(
                null,
                List.of(
                        new dev.echolab.stress.StressTarget("h:7", null),
                        new dev.echolab.stress.StressTarget(address, model)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThat(RunFlags.describe(new Violation("targets[1].address", "wrong"), request))
                .isEqualTo(prefix + " wrong");
    }
}
