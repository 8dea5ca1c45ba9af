package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code run --coordinator} and {@code wait} refuse what cannot work before anything starts (exit 2, naming the flag),
 * and a coordinator that does not answer in time is exit 2 too, with what was tried.
 */
@Timeout(30)
class CoordinatorOptionsTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "run --target 127.0.0.1:9 --coordinator http://127.0.0.1:9 --group g                   | --shards N",
                "run --target 127.0.0.1:9 --coordinator http://127.0.0.1:9 --shards 2                  | --group",
                "run --target 127.0.0.1:9 --coordinator ftp://127.0.0.1:9 --group g --shards 2        | --coordinator",
                "run --target 127.0.0.1:9 --coordinator http://127.0.0.1:9 --group g --shard 0/2 --start-at 2030-01-01T00:00:00Z | "
                        + "--start-at and --coordinator",
                "run --target 127.0.0.1:9 --coordinator http://127.0.0.1:9 --group g --shards 2 "
                        + "--coordinator-timeout 3x                                                     | "
                        + "--coordinator-timeout",
                "wait --coordinator http://127.0.0.1:9                                                 | --group",
                "wait --coordinator ftp://127.0.0.1:9 --group g                                        | --coordinator"
            })
    void whatCannotWorkExits2NamingTheFlag(String args, String named) {
        assertThat(cli(args.trim().split("\\s+"))).as(err()).isEqualTo(2);
        assertThat(err()).contains(named).doesNotContain("Exception");
        assertThat(out.size()).isZero();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "run --target 127.0.0.1:9 --coordinator http://127.0.0.1:9 --group g --shards 2 "
                        + "--coordinator-timeout 1s | --coordinator: could not join group g at http://127.0.0.1:9",
                "wait --coordinator http://127.0.0.1:9 --group g --timeout 1s | could not read group g"
            })
    void aCoordinatorThatDoesNotAnswerInTimeExits2SayingWhatWasTried(String args, String said) {
        assertThat(cli(args.trim().split("\\s+"))).as(err()).isEqualTo(2);
        assertThat(err()).contains(said, "Connect");
        assertThat(out.size()).isZero();
    }

    private int cli(String... args) {
        return Cli.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
