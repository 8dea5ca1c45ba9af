package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.server.IoModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The request checks that need a chosen heap or limits (a run whose client state cannot fit is refused), and those
 * across fields and elements: each model once, targets that are host:port.
 */
class StressLimitsValidatorTests {

    private static final long HEAP = 256L << 20;

    private final StressRequestValidator validator = StressRequestValidator.of(properties(), () -> HEAP);

    @AfterEach
    void close() {
        validator.close();
    }

    @Test
    void aRunWhoseClientStateCannotFitIsRefusedNamingTheFields() {
        // 20,000 connections × (2 KiB + 1,024 stamps × 8 B) ≈ 200 MiB, and 10,000 silent ones: over 128 MiB
        StressRequest request = request(20_000, 1024, 10_000);

        Map<String, String> violations = violations(request);

        assertThat(violations).containsOnlyKeys("connections", "idleConnections", "pipeline");
        assertThat(violations.get("connections")).contains("MiB").contains("-Xmx");
    }

    @Test
    void aRunThatFitsIsAccepted() {
        assertThat(violations(request(20_000, 1, 10_000))).isEmpty();
    }

    @Test
    void idleConnectionsHaveTheirOwnLimit() {
        assertThat(violations(request(10, 1, 30_000)))
                .containsOnlyKeys("idleConnections")
                .hasEntrySatisfying(
                        "idleConnections", message -> assertThat(message).contains("echo.stress.max-idle-connections"));
    }

    @Test
    void aPipelineFarBeyondAnyHeapIsRefusedInsteadOfWrappingAround() {
        // 2^31 - 1 in flight: the stamps alone are 16 GiB a connection; an int would overflow to a small number.
        assertThat(violations(request(500, Integer.MAX_VALUE, 0)))
                .containsKeys("connections", "pipeline")
                .hasEntrySatisfying("pipeline", message -> assertThat(message).contains("MiB"));
    }

    @Test
    void aModelNamedTwiceIsRefusedNamingIt() {
        StressRequest request = StressRequest.of(List.of("netty", "blocking", "netty"));

        assertThat(violations(request))
                .containsOnlyKeys("models")
                .hasEntrySatisfying("models", message -> assertThat(message).contains("'netty'"));
    }

    @Test
    void noMoreModelsThanThereAreModels() {
        List<String> tooMany = java.util.stream.IntStream.rangeClosed(0, IoModel.values().length)
                .mapToObj(i -> "model-" + i)
                .toList();

        assertThat(violations(StressRequest.of(tooMany)))
                .containsOnlyKeys("models")
                .hasEntrySatisfying(
                        "models", message -> assertThat(message).contains(String.valueOf(IoModel.values().length)));
        assertThat(violations(StressRequest.of(java.util.Arrays.stream(IoModel.values())
                        .map(IoModel::id)
                        .toList())))
                .isEmpty();
    }

    @Test
    void aTargetMustBeHostAndPortWithAPortThatCanBeConnectedTo() {
        for (String bad : List.of("no-port", "127.0.0.1:0", "127.0.0.1:65536", "http://h:1", "h:1/path", ":7009")) {
            assertThat(violations(targets(bad))).as(bad).containsOnlyKeys("targets[0].address");
        }
        for (String good : List.of("127.0.0.1:7009", "echo-lab-servers:7009", "[::1]:7009", "h:65535")) {
            assertThat(violations(targets(good))).as(good).isEmpty();
        }
        assertThat(violations(targets("127.0.0.1:7009", "127.0.0.1:x"))).containsOnlyKeys("targets[1].address");
    }

    private static StressRequest targets(String... addresses) {
        return new StressRequest(null, List.of(addresses), 10, null, null, null, null, null, null, null, null, null);
    }

    private Map<String, String> violations(StressRequest request) {
        return validator.validate(request).stream()
                .collect(Collectors.toMap(
                        StressRequestValidator.Violation::field,
                        StressRequestValidator.Violation::message,
                        (a, b) -> a + "; " + b));
    }

    private static StressRequest request(int connections, int pipeline, int idle) {
        return new StressRequest(
                List.of("netty"),
                null,
                connections,
                64,
                1.0,
                null,
                0.0,
                pipeline,
                null,
                0.0,
                1_000,
                1_000,
                idle,
                null,
                null);
    }

    private static StressProperties properties() {
        return new StressProperties(
                20_000, Duration.ofMinutes(10), DataSize.ofMegabytes(1), 1024, 1_000_000, 20, List.of(), 20_000, 0);
    }
}
