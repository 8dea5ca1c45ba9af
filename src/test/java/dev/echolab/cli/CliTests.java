package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's answers that need no run: bad flags exit 2 naming the flag, help exits 0, late exits 1. */
class CliTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return Cli.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "run --target 127.0.0.1:9 --connections -5            | --connections",
                "run --target 127.0.0.1:9 --duration 3x               | --duration",
                "run --target 127.0.0.1:9 --shard 2/2                 | --shard",
                "run --target 127.0.0.1:9 --start-at yesterday        | --start-at",
                "run --target 127.0.0.1:9 --bogus                     | --bogus",
                "run --target 127.0.0.1:9 --server.port=1             | --server.port",
                "run --target no-port                                 | --target",
                "run --target 127.0.0.1:9=Netty!                      | --target",
                "run --model no-such-model                            | --model",
                "run                                                  | --target or --model",
                "run --target 127.0.0.1:9 --connections 3 --shard 3/4 | --connections",
                "run --target 127.0.0.1:9 --rate 1 --shard 1/2        | --rate",
                "run --target 127.0.0.1:9 --max-p99 fast              | --max-p99",
                "run --target 127.0.0.1:9 --response-timeout 0ms      | --response-timeout",
                "run --target 127.0.0.1:9 --metrics-port 70000        | --metrics-port",
                "merge --format xml a.json                            | --format",
                "merge no-such-file.json                              | no-such-file.json"
            })
    void aBadFlagExits2NamingIt(String args, String named) {
        assertThat(cli(args.trim().split("\\s+"))).isEqualTo(2);
        assertThat(err()).contains(named).doesNotContain("Exception");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpListsTheFlagsAndExitCodes() {
        assertThat(cli("run", "--help")).isZero();
        assertThat(err()).contains("--target", "--shard", "--start-at", "--max-p99", "Exit codes");
    }

    @Test
    void aShardThatIsAlreadyLateFailsInsteadOfRunningShort() {
        String past = String.valueOf(Instant.now().minusSeconds(60).toEpochMilli());
        assertThat(cli("run", "--target", "127.0.0.1:9", "--shard", "0/2", "--start-at", past))
                .isEqualTo(1);
        assertThat(err()).contains("--start-at", "late");
        assertThat(out.size()).isZero();
    }

    @Test
    void onlySubcommandsAreTheCommandLines() {
        assertThat(Cli.handles(new String[] {"run"})).isTrue();
        assertThat(Cli.handles(new String[] {"merge", "a.json"})).isTrue();
        assertThat(Cli.handles(new String[] {})).isFalse();
        assertThat(Cli.handles(new String[] {"--server.port=8081"})).isFalse();
    }
}
