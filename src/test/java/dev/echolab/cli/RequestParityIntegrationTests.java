package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line refuses exactly what the API refuses, in the same words: each bad request is posted to the running
 * app and given to {@code run} as flags; the API's 400 names fields, the command line the same problems with its
 * flags, nothing more, nothing less.
 */
@EchoLabIntegrationTest
class RequestParityIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private RestTestClient http;

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("\"models\":[\"netty\"],\"connections\":20001", "--model", "netty", "--connections", "20001"),
                bad("\"models\":[\"netty\"],\"connections\":0", "--model", "netty", "--connections", "0"),
                bad(
                        "\"models\":[\"netty\"],\"payloadBytes\":2000000",
                        "--model",
                        "netty",
                        "--payload-bytes",
                        "2000000"),
                bad("\"models\":[\"netty\"],\"pipeline\":1025", "--model", "netty", "--pipeline", "1025"),
                bad("\"models\":[\"netty\"],\"ratePerSecond\":1000001", "--model", "netty", "--rate", "1000001"),
                bad("\"models\":[\"netty\"],\"durationSeconds\":601", "--model", "netty", "--duration", "601s"),
                bad("\"models\":[\"netty\"],\"warmupSeconds\":601", "--model", "netty", "--warmup", "10m1s"),
                bad("\"models\":[\"netty\"],\"responseTimeoutMs\":0", "--model", "netty", "--response-timeout", "0s"),
                bad(
                        "\"models\":[\"netty\"],\"connectTimeoutMs\":600001",
                        "--model",
                        "netty",
                        "--connect-timeout",
                        "600001ms"),
                bad(
                        "\"models\":[\"netty\"],\"durationSeconds\":5,\"messagesPerConnection\":9",
                        "--model",
                        "netty",
                        "--duration",
                        "5s",
                        "--messages-per-connection",
                        "9"),
                bad(
                        "\"models\":[\"netty\"],\"ratePerSecond\":100,\"pipeline\":4",
                        "--model",
                        "netty",
                        "--rate",
                        "100",
                        "--pipeline",
                        "4"),
                bad(
                        "\"models\":[\"netty\"],\"idleConnections\":20001",
                        "--model",
                        "netty",
                        "--idle-connections",
                        "20001"),
                bad("\"models\":[\"netty\"],\"threads\":0", "--model", "netty", "--threads", "0"),
                bad("\"models\":[\"netty\"],\"repeats\":21", "--model", "netty", "--repeats", "21"),
                bad(
                        "\"models\":[\"netty\",\"blocking\",\"netty\"]",
                        "--model",
                        "netty",
                        "--model",
                        "blocking",
                        "--model",
                        "netty"),
                bad(
                        "\"targets\":[{\"address\":\"127.0.0.1:9\",\"model\":\"Bad Name\"}]",
                        "--target",
                        "127.0.0.1:9=Bad Name"),
                bad("\"targets\":[\"127.0.0.1:9\",\"h:0\"]", "--target", "127.0.0.1:9", "--target", "h:0"),
                bad("\"connections\":0,\"payloadBytes\":0", "--connections", "0", "--payload-bytes", "0"));
    }

    private static Arguments bad(String fields, String... flags) {
        return Arguments.of(fields, List.of(flags));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void theCommandLineRefusesWhatTheApiRefusesInItsWords(String fields, List<String> flags) {
        EntityExchangeResult<String> response = http.post()
                .uri("/api/stress")
                .headers(h -> h.setBasicAuth(EchoLabIntegrationTest.USERNAME, EchoLabIntegrationTest.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{" + fields + "}")
                .exchange()
                .returnResult(String.class);
        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        List<String> expected = new ArrayList<>();
        for (JsonNode error : JSON.readTree(response.getResponseBody()).get("errors")) {
            expected.add(RunFlags.flag(error.get("field").asString()) + "( .+)?: "
                    + java.util.regex.Pattern.quote(
                            RunFlags.inFlagWords(error.get("message").asString())));
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(flags);
        int exit = Cli.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));

        assertThat(exit).isEqualTo(Outcome.NOT_MEASURED);
        List<String> said = err.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("error: "))
                .map(l -> l.substring("error: ".length()))
                .toList();
        assertThat(said)
                .as("the command line's errors, against the API's %s", expected)
                .hasSameSizeAs(expected);
        for (String problem : expected) {
            assertThat(said).as("the command line's errors").anyMatch(l -> l.matches(problem));
        }
        assertThat(out.size()).isZero();
    }
}
