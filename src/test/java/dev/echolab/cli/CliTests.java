package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.server.IoModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line's answers: bad flags and bad requests exit 2 naming the flag (with the API's words), help and
 * version on stdout with 0, nothing started for either; a target nobody listens on, or an --out that cannot be
 * written, exit 2 as well.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CliTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int cli(String... args) {
        return Cli.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "run --target 127.0.0.1:9 --connections -5            | --connections: must be greater than or equal to 1",
                "run --target 127.0.0.1:9 --duration 3x               | --duration",
                "run --target 127.0.0.1:9 --duration 30               | --duration",
                "run --target 127.0.0.1:9 --shard 2/2                 | --shard",
                "run --target 127.0.0.1:9 --start-at yesterday        | --start-at",
                "run --target 127.0.0.1:9 --bogus                     | --bogus",
                "run --target 127.0.0.1:9 --server.port=1            | --server.port",
                "run --target 127.0.0.1:9 --spring.main.banner-mode=off | --spring.main.banner-mode",
                "run --target no-port                                 | --target no-port: must be host:port",
                "run --target 127.0.0.1:0                             | --target 127.0.0.1:0: must be host:port",
                "run --target 127.0.0.1:9=Netty!                      | --target 127.0.0.1:9=Netty!: must be a model id",
                "run --model no-such-model                            | --model no-such-model: no such model",
                "run                                                  | --model: name at least one model (or a target)",
                "run --model netty --model blocking --model netty     | --model: names 'netty' more than once",
                "run --target 127.0.0.1:9 --connections 3 --shard 3/4 | --connections: must be greater than or equal to 1 (3/4's share of 3)",
                "run --target 127.0.0.1:9 --rate 1 --shard 1/2        | --rate: must be greater than 0 (1/2's share of 1)",
                "run --target 127.0.0.1:9 --connections 20001         | --connections: must be at most 20000 (echo.stress.max-connections)",
                "run --target 127.0.0.1:9 --connections 11 --echo.stress.max-connections=10 | --connections: must be at most 10 (echo.stress.max-connections)",
                "run --target 127.0.0.1:9 --echo.stress.max-connections=many | --echo.stress.max-connections",
                "run --target 127.0.0.1:9 --pipeline 100000000        | --pipeline: must be at most 1024 (echo.stress.max-pipeline)",
                "run --target 127.0.0.1:9 --pipeline 100000000 --echo.stress.max-pipeline=2000000000 | --pipeline: --connections 500, --idle-connections 0 and --pipeline 100000000 need about",
                "run --target 127.0.0.1:9 --duration 5s --messages-per-connection 3 | --messages-per-connection: give --duration or --messages-per-connection, not both",
                "run --target 127.0.0.1:9 --rate 100 --pipeline 4     | --pipeline: --pipeline is for the closed loop; leave it out with --rate",
                "run --target 127.0.0.1:9 --duration 11m              | --duration: must be at most 600 (echo.stress.max-duration)",
                "run --target 127.0.0.1:9 --response-timeout 0ms      | --response-timeout: must be greater than or equal to 1",
                "run --target 127.0.0.1:9 --repeats 21                | --repeats: must be less than or equal to 20",
                "run --target 127.0.0.1:9 --threads 0                 | --threads: must be greater than or equal to 1",
                "run --target 127.0.0.1:9 --metrics-port 70000        | --metrics-port",
                "run --target 127.0.0.1:9 --logging.level.dev=LOUD   | LOUD",
                "merge --format xml a.json                            | --format",
                "merge no-such-file.json                              | no-such-file.json",
                "runn --model netty                                   | Did you mean: echo-lab run?"
            })
    void aBadFlagOrRequestExits2NamingTheFlag(String args, String named) {
        assertThat(cli(args.trim().split("\\s+"))).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(err()).contains(named).doesNotContain("Exception");
        assertThat(out.size()).isZero();
    }

    @Test
    void everyProblemOfARequestIsSaidAtOnce() {
        assertThat(cli("run", "--target", "127.0.0.1:0", "--connections", "0", "--payload-bytes", "0"))
                .isEqualTo(Outcome.NOT_MEASURED);
        assertThat(err()).contains("--target 127.0.0.1:0:", "--connections:", "--payload-bytes:");
    }

    @Test
    void helpAndVersionGoToStdoutAndStartNothing() {
        assertThat(cli("--help")).isZero();
        assertThat(out()).contains("run", "merge", "completion", "Exit codes");
        out.reset();
        assertThat(cli("help")).isZero();
        assertThat(out()).contains("run", "merge");
        out.reset();
        assertThat(cli("help", "run")).isZero();
        assertThat(out()).contains("--target");
        out.reset();

        assertThat(cli("run", "--help")).isZero();
        // The request's own defaults, and the exit codes.
        assertThat(out())
                .contains("--target", "--shard", "--start-at", "--max-p99", "--idle-connections", "--repeats")
                .contains("(default 500)", "(default 64)", "(default 10s", "(default 2s)", "(default 5s)")
                .contains("Exit codes", "143");
        out.reset();

        assertThat(cli("--version")).isZero();
        assertThat(out())
                .contains("echo-lab ", "commit ", "JDK ", Runtime.version().toString());
        assertThat(err()).isEmpty();
    }

    @Test
    void completionIsABashScriptForEveryCommandAndFlag() {
        assertThat(cli("completion")).isZero();
        assertThat(out()).contains("complete -F", "echo-lab", "run", "merge", "--connections", "--allow-partial");
    }

    @Test
    void theServiceStartsWithoutArgumentsOrWithPropertiesOnly() {
        assertThat(Cli.handles(new String[] {})).isFalse();
        assertThat(Cli.handles(new String[] {"--server.port=8081"})).isFalse();
        assertThat(Cli.handles(new String[] {"--server.port=8081", "--echo.autostart=false"}))
                .isFalse();
        for (String first :
                new String[] {"run", "merge", "help", "completion", "--help", "-h", "--version", "-V", "rn"}) {
            assertThat(Cli.handles(new String[] {first})).as(first).isTrue();
        }
    }

    @Test
    void aShardThatIsAlreadyLateExits2InsteadOfRunningShort() {
        String past = String.valueOf(Instant.now().minusSeconds(60).toEpochMilli());
        assertThat(cli("run", "--target", "127.0.0.1:9", "--shard", "0/2", "--start-at", past))
                .isEqualTo(Outcome.NOT_MEASURED);
        assertThat(err()).contains("--start-at", "start late");
        assertThat(out.size()).isZero();
    }

    @Test
    @Timeout(30)
    void anOutThatCannotBeWrittenExits2BeforeTheRunStarts() {
        // Ten minutes of load, were it started: the timeout fails the test.
        assertThat(cli(
                        "run",
                        "--model",
                        IoModel.MULTIPLEXING.id(),
                        "--duration",
                        "10m",
                        "--out",
                        dir.resolve("no-such-dir/r.json").toString()))
                .isEqualTo(Outcome.NOT_MEASURED);
        assertThat(err()).contains("--out", "no-such-dir");
        assertThat(out.size()).isZero();
    }

    @Test
    void aTargetNobodyListensOnExits2WithTheResult() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int exit = cli(
                "run",
                "--target",
                "127.0.0.1:" + closed,
                "--connections",
                "2",
                "--duration",
                "1s",
                "--warmup",
                "0s",
                "--connect-timeout",
                "2s");

        assertThat(exit).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(err()).contains("no connection to 127.0.0.1:" + closed + " was established");
        JsonNode run = JsonMapper.builder().build().readTree(out());
        assertThat(run.path("results")
                        .get(0)
                        .path("connections")
                        .path("established")
                        .asInt())
                .isZero();
    }

    @Test
    void anUnknownHostExits2NamingIt() {
        assertThat(cli("run", "--target", "no-such-host.invalid:7009", "--duration", "1s"))
                .isEqualTo(Outcome.NOT_MEASURED);
        assertThat(err()).contains("--target no-such-host.invalid:7009", "unknown host");
        assertThat(out.size()).isZero();
    }

    @Test
    void theCommandsAreTheOnesTheHelpLists() {
        assertThat(cli("--help")).isZero();
        assertThat(Arrays.stream(out().split("\\R")).filter(l -> l.matches("\\s+(run|merge|help|completion)\\s.*")))
                .hasSize(4);
    }
}
