package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.client.ApiClient;
import dev.echolab.client.ApiException;
import dev.echolab.client.api.ModelsApi;
import dev.echolab.client.api.ServersApi;
import dev.echolab.client.api.StressApi;
import dev.echolab.client.model.ModelResult;
import dev.echolab.client.model.ModelView;
import dev.echolab.client.model.ProblemDetail;
import dev.echolab.client.model.ServerView;
import dev.echolab.client.model.StressRequest;
import dev.echolab.client.model.StressRequestTargetsInner;
import dev.echolab.client.model.StressRun;
import dev.echolab.client.model.StressTarget;
import dev.echolab.server.IoModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The API through the Java client that the build generates from the committed {@code docs/openapi.json}, as a user
 * of the document would: no hand-written HTTP. The client reads answers strictly (an unknown field fails), so a
 * field the document leaves out, names or types wrongly fails here.
 */
@EchoLabIntegrationTest
@TestPropertySource(
        properties = "echo.stress.allowed-targets=" + GeneratedClientIntegrationTests.PLAIN_TARGET + ","
                + GeneratedClientIntegrationTests.NAMED_TARGET)
class GeneratedClientIntegrationTests {

    /** Addresses a run may load; nothing listens there, which is all a run needs to echo its request. */
    static final String PLAIN_TARGET = "127.0.0.1:7998";

    static final String NAMED_TARGET = "127.0.0.1:7999";

    private static final IoModel MODEL = IoModel.NETTY;
    private static final EnumSet<StressRun.StatusEnum> FINISHED = EnumSet.of(
            StressRun.StatusEnum.SUCCEEDED,
            StressRun.StatusEnum.FAILED,
            StressRun.StatusEnum.CANCELLED,
            StressRun.StatusEnum.INCONCLUSIVE);

    @LocalServerPort
    private int port;

    private ObjectMapper strict;
    private ModelsApi models;
    private ServersApi servers;
    private StressApi stress;

    @BeforeEach
    void clients() {
        strict = ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((EchoLabIntegrationTest.USERNAME + ":" + EchoLabIntegrationTest.PASSWORD)
                                .getBytes(StandardCharsets.UTF_8));
        ApiClient client = new ApiClient()
                .setObjectMapper(strict)
                .setReadTimeout(Duration.ofSeconds(30))
                .setRequestInterceptor(request -> request.header("Authorization", basic));
        client.updateBaseUri("http://127.0.0.1:" + port);
        models = new ModelsApi(client);
        servers = new ServersApi(client);
        stress = new StressApi(client);
    }

    @Test
    void listsEveryModel() throws ApiException {
        List<ModelView> all = models.listModels();

        assertThat(all)
                .extracting(ModelView::getId)
                .containsExactlyElementsOf(
                        Arrays.stream(IoModel.values()).map(IoModel::id).toList());
        assertThat(all).allSatisfy(m -> assertThat(m.getTitle()).isNotBlank());
    }

    @Test
    void stopsAndStartsAServer() throws ApiException {
        ServerView stopped = servers.stopServer(MODEL.id());
        assertThat(stopped.getState()).isEqualTo(ServerView.StateEnum.STOPPED);
        assertThat(stopped.getPort()).isNull();

        ServerView started = servers.startServer(MODEL.id(), null);
        assertThat(started.getState()).isEqualTo(ServerView.StateEnum.RUNNING);
        assertThat(started.getPort()).isPositive();
        assertThat(started.getConnections().getRejected()).isNotNull();
        assertThat(servers.getServer(MODEL.id()).getPort()).isEqualTo(started.getPort());
    }

    @Test
    void runsAShortStressFollowsItToTheEndAndReadsItsResults() throws ApiException {
        servers.startServer(MODEL.id(), null);
        StressRun queued = stress.startStressRun(new StressRequest()
                .models(List.of(MODEL.id()))
                .connections(4)
                .payloadBytes(32)
                .durationSeconds(0.5)
                .warmupSeconds(0.0));
        assertThat(queued.getRequest().getConnections()).isEqualTo(4);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        FINISHED.contains(stress.getStressRun(queued.getId()).getStatus()));

        StressRun run = stress.getStressRun(queued.getId());
        assertThat(run.getStatus()).isEqualTo(StressRun.StatusEnum.SUCCEEDED);
        assertThat(run.getFinishedAt()).isNotNull();
        assertThat(run.getLive()).isNull();
        ModelResult result = run.getResults().getFirst();
        assertThat(result.getModel()).isEqualTo(MODEL.id());
        assertThat(result.getConnections().getEstablished()).isEqualTo(4);
        assertThat(result.getMessages().getEchoed()).isPositive();
        assertThat(result.getIntegrity().getVerified()).isTrue();
        assertThat(result.getIntegrity().getFirstMismatchOffset()).isNull();
        assertThat(result.getLatencyMicros().getP99()).isPositive();
        assertThat(stress.listStressRuns(null, null, null, null))
                .extracting(StressRun::getId)
                .contains(run.getId());
    }

    @Test
    void sendsTargetsAsAStringAndAsAnObjectAndReadsThemBack() throws ApiException {
        StressRun queued = stress.startStressRun(new StressRequest()
                .targets(List.of(
                        new StressRequestTargetsInner(PLAIN_TARGET),
                        new StressRequestTargetsInner(
                                new StressTarget().address(NAMED_TARGET).model("netty"))))
                .connections(1)
                .durationSeconds(0.2)
                .warmupSeconds(0.0)
                .connectTimeoutMs(500));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        FINISHED.contains(stress.getStressRun(queued.getId()).getStatus()));

        for (StressRun run : List.of(queued, stress.getStressRun(queued.getId()))) {
            List<StressRequestTargetsInner> targets = run.getRequest().getTargets();
            assertThat(targets).hasSize(2);
            assertThat(targets.get(0).getActualInstance()).isEqualTo(PLAIN_TARGET);
            assertThat(targets.get(1).getStressTarget().getAddress()).isEqualTo(NAMED_TARGET);
            assertThat(targets.get(1).getStressTarget().getModel()).isEqualTo("netty");
        }
        assertThat(stress.getStressRun(queued.getId()).getResults())
                .extracting(ModelResult::getModel)
                .containsExactly(PLAIN_TARGET, "netty");
    }

    @Test
    void readsProblems() throws Exception {
        ApiException unknown = catchThrowableOfType(ApiException.class, () -> servers.getServer("nope"));
        assertThat(unknown.getCode()).isEqualTo(404);
        ProblemDetail problem = strict.readValue(unknown.getResponseBody(), ProblemDetail.class);
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getType()).endsWith("/problems/unknown-model");
        assertThat(problem.getInstance()).isEqualTo("/api/servers/nope");
        assertThat(problem.getAdditionalProperty("model")).isEqualTo("nope");

        ApiException invalid = catchThrowableOfType(
                ApiException.class,
                () -> stress.startStressRun(
                        new StressRequest().models(List.of(MODEL.id())).connections(0)));
        assertThat(invalid.getCode()).isEqualTo(400);
        ProblemDetail bad = strict.readValue(invalid.getResponseBody(), ProblemDetail.class);
        assertThat(bad.getDetail()).startsWith("connections:");
        assertThat(bad.getAdditionalProperty("errors")).asString().contains("field=connections");
    }
}
