package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code compare} over result files: the exit codes (0 no worse, 1 a worse, 2 bad usage or nothing comparable), the
 * Markdown and JSON it prints, model against model within a run.
 */
class CompareCommandTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aClearDropIsWorseAndExits1() throws IOException {
        String base = files("a", 5, "netty", 1000);
        String candidate = files("b", 5, "netty", 700);

        assertThat(cli("compare", "--base", base, "--candidate", candidate)).isEqualTo(1);

        assertThat(out())
                .contains("### `netty`: 5 base and 5 candidate runs")
                .contains("| msg/s | 1,002 | 702 | ×0.701 |")
                .contains("**worse** | rankTest |")
                .contains("Method: ");
    }

    @Test
    void noDifferenceExits0() throws IOException {
        String base = files("a", 5, "netty", 1000);
        String candidate = files("b", 5, "netty", 1001);

        assertThat(cli("compare", "--base", base, "--candidate", candidate, "--format", "json"))
                .isZero();

        JsonNode comparison = JsonMapper.builder().build().readTree(out());
        assertThat(comparison
                        .get("models")
                        .get(0)
                        .get("metrics")
                        .get(0)
                        .get("verdict")
                        .asString())
                .isEqualTo("same");
    }

    @Test
    void twoModelsOfOneRunAreComparedWithRun() throws IOException {
        List<String> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            results.add(result("netty", i, 1000 + i));
            results.add(result("multiplexing", i, 1500 + i));
        }
        Path run = write("r", String.join(",", results));

        assertThat(cli("compare", "--run", run.toString(), "--base", "netty", "--candidate", "multiplexing"))
                .isZero();

        assertThat(out()).contains("### `multiplexing` against `netty`: 5 base and 5 candidate runs", "**better**");
    }

    @Test
    void modelsNoSideSharesAreNothingComparableAndExit2() throws IOException {
        String base = files("a", 1, "netty", 1000);
        String candidate = files("b", 1, "async", 1000);

        assertThat(cli("compare", "--base", base, "--candidate", candidate)).isEqualTo(2);
        assertThat(err()).contains("nothing comparable");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--alpha 0                            | --alpha",
                "--min-difference 1.5                 | --min-difference",
                "--aa-spread-of p95Micros=0.5         | --aa-spread-of",
                "--format xml                         | --format",
                "--candidate a1.json                  | --candidate: run a1 is named twice",
                "--candidate missing.json             | missing.json: no such file",
                "--run a1.json --candidate x,y        | --candidate: with --run, give one model id"
            })
    void badUsageExits2NamingTheFlag(String more, String named) throws IOException {
        String base = files("a", 1, "netty", 1000);
        List<String> args = new ArrayList<>(List.of("compare", "--base", base));
        for (String arg : more.trim().split("\\s+")) {
            args.add(arg.endsWith(".json") ? dir.resolve(arg).toString() : arg);
        }
        if (!more.contains("--candidate")) {
            args.addAll(List.of("--candidate", files("b", 1, "netty", 1000)));
        }

        assertThat(cli(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err()).contains(named).doesNotContain("Exception");
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(cli("compare", "--help")).isZero();
        assertThat(out()).contains("Exit codes:", "at least one verdict is worse", "nothing comparable");
    }

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

    /** Runs {@code <prefix>1.json} to {@code <prefix>n.json} of one model at about this rate, comma-separated. */
    private String files(String prefix, int n, String model, double messagesPerSecond) throws IOException {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> {
                    try {
                        return write(prefix + i, result(model, 1, messagesPerSecond + i - 1))
                                .toString();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.joining(","));
    }

    private Path write(String id, String results) throws IOException {
        return Files.writeString(dir.resolve(id + ".json"), """
                {"id":"%s","status":"SUCCEEDED","progress":1,"request":{"models":["netty"]},"results":[%s]}
                """.formatted(id, results));
    }

    private static String result(String model, int repeat, double messagesPerSecond) {
        return """
                {"model":"%s","repeat":%d,"status":"SUCCEEDED","throughput":{"messagesPerSecond":%s},
                 "latencyMicros":{"p50":50,"p99":100,"p999":200},"cost":{"cpuMicrosPerMessage":5},
                 "integrity":{"verified":true},"notes":[],"perSecond":[]}""".formatted(model, repeat, messagesPerSecond);
    }
}
