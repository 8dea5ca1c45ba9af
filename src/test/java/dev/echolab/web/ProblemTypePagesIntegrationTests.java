package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import dev.echolab.server.ServerProblemType;
import dev.echolab.shards.ShardProblemType;
import dev.echolab.stress.StressProblemType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.util.HtmlUtils;

/** Every problem type the app can answer with resolves: its URI is a page, open to anyone, that explains it. */
@EchoLabIntegrationTest
class ProblemTypePagesIntegrationTests {

    @Autowired
    private RestTestClient http;

    @Autowired
    private List<ProblemTypeCatalog> catalogs;

    /** Every feature's types, named here rather than taken from the catalogs, so that a missing catalog fails. */
    static List<ProblemType> everyType() {
        return Stream.of(
                        RequestProblemType.values(),
                        ServerProblemType.values(),
                        StressProblemType.values(),
                        ShardProblemType.values())
                .flatMap(Stream::of)
                .map(ProblemType.class::cast)
                .toList();
    }

    @Test
    void theCatalogsListEveryTypeOnce() {
        assertThat(catalogs.stream().flatMap(c -> c.types().stream())).containsExactlyInAnyOrderElementsOf(everyType());
        assertThat(everyType().stream().map(t -> t.definition().slug())).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyProblemTypeAnswers200AtItsUri(ProblemType type) {
        assertThat(type.uri().toString()).startsWith("/problems/");
        String page = http.get()
                .uri(type.uri())
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(page)
                .contains(
                        "<h1>" + HtmlUtils.htmlEscape(type.title()) + "</h1>",
                        HtmlUtils.htmlEscape(type.definition().meaning()),
                        HtmlUtils.htmlEscape(type.definition().whatToDo()),
                        Integer.toString(type.status().value()));
    }

    @Test
    void theIndexLinksEveryType() {
        String index = http.get()
                .uri(ProblemType.PATH)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        for (ProblemType type : everyType()) {
            assertThat(index).contains("href=\"" + type.uri() + "\"");
        }
    }

    @Test
    void anUnknownTypeIs404() {
        http.get()
                .uri(ProblemType.PATH + "/no-such-type")
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
