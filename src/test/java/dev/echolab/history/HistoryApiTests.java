package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.server.IoModel;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history over real HTTP, against a real database: runs stored once finished, paged and filtered, read back
 * as they ran, compared and deleted; bad queries answered 400 naming the field. {@link H2HistoryIntegrationTests}
 * (in the shared test context) and {@link PostgresHistoryIntegrationTests} run it against each database;
 * {@link HistoryOutageIntegrationTests} takes the database away.
 */
@EchoLabIntegrationTest
@Timeout(120)
abstract class HistoryApiTests {

    static final String PASSWORD = EchoLabIntegrationTest.PASSWORD;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FIRST = IoModel.values()[0].id();
    private static final String SECOND = IoModel.values()[1].id();

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StressRuns runs;

    @Autowired
    DatabaseArchive database;

    @Test
    void finishedRunsAreStoredPagedFilteredComparedAndDeleted() throws Exception {
        String both = finishedRun("\"" + FIRST + "\",\"" + SECOND + "\"");
        String second = finishedRun("\"" + SECOND + "\"");

        JsonNode stored = json(get("/api/stress/" + both));
        assertThat(stored.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(stored.get("storage").get("status").asString()).isEqualTo("STORED");
        assertThat(stored.get("manifest").get("jdk").asString())
                .contains(Runtime.version().feature() + "");
        assertThat(stored.get("results")).hasSize(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stored_result WHERE stored_run = ?")
                        .param(both)
                        .query(Long.class)
                        .single())
                .as("one row per model, for SQL")
                .isEqualTo(2);
        String histogram = jdbc.sql(
                        "SELECT latency_histogram FROM stored_result WHERE stored_run = ? " + "AND stored_run_key = 0")
                .param(both)
                .query(String.class)
                .single();
        assertThat(histogram)
                .as("the raw latency histogram, stored")
                .isEqualTo(stored.get("results").get(0).get("latencyHistogram").asString());
        assertThat(Histogram.decodeFromCompressedByteBuffer(
                                ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0)
                        .getTotalCount())
                .isPositive();

        EntityExchangeResult<String> page = get("/api/stress?size=1");
        assertThat(json(page)).hasSize(1);
        assertThat(json(page).get(0).get("id").asString()).as("newest first").isEqualTo(second);
        assertThat(Long.parseLong(page.getResponseHeaders().getFirst("X-Total-Count")))
                .isGreaterThanOrEqualTo(2);
        assertThat(page.getResponseHeaders().getFirst("Link"))
                .contains("</api/stress?size=1&page=1>; rel=\"next\"")
                .contains("rel=\"last\"")
                .doesNotContain("rel=\"prev\"");
        List<String> firstOnly = ids(json(get("/api/stress?size=100&model=" + FIRST)));
        assertThat(firstOnly).contains(both).doesNotContain(second);

        EntityExchangeResult<String> itself = get("/api/stress/compare?base=" + both + "&candidate=" + both);
        assertThat(itself.getStatus()).as("a run against itself").isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(itself).get("errors").get(0).get("field").asString()).isEqualTo("candidate");
        assertThat(json(itself).get("detail").asString()).contains("run " + both + " is named twice");
        JsonNode across = json(get("/api/stress/compare?base=" + both + "&candidate=" + second));
        assertThat(across.get("models").get(0).get("model").asString()).isEqualTo(FIRST);
        assertThat(across.get("models").get(0).get("absentFrom").asString()).isEqualTo("candidate");
        assertThat(across.get("models").get(1).get("metrics")).hasSize(5);
        assertThat(across.findValues("rule"))
                .as("one run a side: too few for the rank test")
                .allSatisfy(r -> assertThat(r.asString()).isIn("aaSpread", "missing", "clientBound"));

        assertThat(delete(second, null).getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
        EntityExchangeResult<String> deleted = delete(second, PASSWORD);
        assertThat(deleted.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(json(deleted).get("id").asString()).isEqualTo(second);
        assertThat(get("/api/stress/" + second).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(delete(second, PASSWORD).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
        EntityExchangeResult<String> gone = get("/api/stress/compare?base=" + both + "&candidate=" + second);
        assertThat(gone.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(gone).get("detail").asString()).contains("candidate").contains(second);
    }

    @ParameterizedTest
    @CsvSource({
        "page=-1, page",
        "size=0, size",
        "size=101, size",
        "since=yesterday, since",
        "model=NOT%20A%20MODEL, model",
        "page=x, page"
    })
    void aBadQueryIsA400NamingTheField(String query, String field) {
        EntityExchangeResult<String> response = get("/api/stress?" + query);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    @Test
    void modelsOfARunWithRepeatsAreComparedWithEachOtherAndOneWithItselfIsAnAaComparison() {
        String run = finishedRun("\"" + FIRST + "\",\"" + SECOND + "\"", ",\"repeats\":2");
        assertThat(json(get("/api/stress/" + run)).findValues("repeat"))
                .extracting(JsonNode::asInt)
                .containsExactly(1, 1, 2, 2);

        JsonNode models = json(get("/api/stress/compare?run=" + run + "&base=" + FIRST + "&candidate=" + SECOND
                + "&minDifference=0.1&alpha=0.1"));
        assertThat(models.get("base").get(0).asString()).isEqualTo(run);
        assertThat(models.get("minDifference").asDouble()).isEqualTo(0.1);
        JsonNode model = models.get("models").get(0);
        assertThat(model.get("model").asString()).isEqualTo(SECOND);
        assertThat(model.get("baseModel").asString()).isEqualTo(FIRST);
        assertThat(model.get("baseRuns").asInt()).isEqualTo(2);
        assertThat(model.get("candidateRuns").asInt()).isEqualTo(2);
        assertThat(model.get("metrics").get(0).get("interval").get("confidence").asDouble())
                .as("the range of 4 pairwise ratios: 1 - 2/6")
                .isEqualTo(0.667);

        JsonNode aa = json(get("/api/stress/compare?run=" + run + "&base=" + FIRST + "&candidate=" + FIRST));
        assertThat(aa.get("models").get(0).get("baseRuns").asInt()).isEqualTo(1);
        assertThat(aa.get("models").get(0).get("candidateRuns").asInt()).isEqualTo(1);
        EntityExchangeResult<String> absent =
                get("/api/stress/compare?run=" + run + "&base=" + FIRST + "&candidate=nope");
        assertThat(absent.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(absent).get("errors").get(0).get("field").asString()).isEqualTo("candidate");
    }

    @ParameterizedTest
    @CsvSource({
        "alpha=0, alpha",
        "alpha=0.9, alpha",
        "alpha=x, alpha",
        "minDifference=-0.1, minDifference",
        "minDifference=2, minDifference",
        "includeFailed=maybe, includeFailed"
    })
    void aBadCompareParameterIsA400NamingIt(String query, String field) {
        EntityExchangeResult<String> response = get("/api/stress/compare?base=a&candidate=b&" + query);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(response).get("type").asString()).isEqualTo("/problems/invalid-request");
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    @Test
    void compareWithoutARunIsA400NamingIt() {
        EntityExchangeResult<String> response = get("/api/stress/compare?base=abc");

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(response).get("detail").asString()).contains("candidate");
    }

    @Test
    void aRunStoredUnderAnOldShortIdIsStillReadListedAndDeleted() {
        String id = finishedRun("\"" + FIRST + "\"");
        String old = "0a7" + id.substring(0, 5); // eight characters, as ids were before they had 64 random bits
        StressRun run =
                JSON.readValue(get("/api/stress/" + id).getResponseBody().replace(id, old), StressRun.class);
        database.store(run);

        assertThat(json(get("/api/stress/" + old)).get("id").asString()).isEqualTo(old);
        assertThat(ids(json(get("/api/stress?size=100")))).contains(old, id);
        assertThat(delete(old, PASSWORD).getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(get("/api/stress/" + old).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private String finishedRun(String models) {
        return finishedRun(models, "");
    }

    private String finishedRun(String models, String moreFields) {
        String id = startRun(models, moreFields);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> storage(id).equals("STORED"));
        return id;
    }

    private String startRun(String models) {
        return startRun(models, "");
    }

    private String startRun(String models, String moreFields) {
        EntityExchangeResult<String> started = client.post()
                .uri("/api/stress")
                .headers(h -> h.setBasicAuth("admin", PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"models\":[" + models + "],\"connections\":5,\"durationSeconds\":0.3,"
                        + "\"warmupSeconds\":0,\"responseTimeoutMs\":5000" + moreFields + "}")
                .exchange()
                .returnResult(String.class);
        assertThat(started.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
        return json(started).get("id").asString();
    }

    private String storage(String id) {
        return runs.find(id).map(r -> r.storage().status()).orElse("PENDING");
    }

    private EntityExchangeResult<String> get(String path) {
        return client.get().uri(path).exchange().returnResult(String.class);
    }

    private EntityExchangeResult<String> delete(String id, String password) {
        return client.delete()
                .uri("/api/stress/" + id)
                .headers(h -> {
                    if (password != null) {
                        h.setBasicAuth("admin", password);
                    }
                })
                .exchange()
                .returnResult(String.class);
    }

    private static List<String> ids(JsonNode runs) {
        return StreamSupport.stream(runs.spliterator(), false)
                .map(r -> r.get("id").asString())
                .toList();
    }

    private static JsonNode json(EntityExchangeResult<String> response) {
        return JSON.readTree(response.getResponseBody());
    }
}
