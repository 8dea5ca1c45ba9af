package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** {@code GET /api/models}: every {@link IoModel}, as the enum and the configuration describe it. */
@EchoLabIntegrationTest
class ModelsApiIntegrationTests {

    @Autowired
    private RestTestClient http;

    @Autowired
    private EchoProperties properties;

    @Test
    void listsEveryModelWithItsTraitsDescriptionAndConfiguredPort() {
        List<ModelView> models = http.get()
                .uri("/api/models")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .returnResult(new ParameterizedTypeReference<List<ModelView>>() {})
                .getResponseBody();

        assertThat(models).hasSize(IoModel.values().length);
        for (int i = 0; i < models.size(); i++) {
            IoModel model = IoModel.values()[i];
            ModelView view = models.get(i);
            assertThat(view.id()).isEqualTo(model.id());
            assertThat(view.title()).isEqualTo(model.title());
            assertThat(view.howItWorks()).isEqualTo(model.howItWorks());
            assertThat(view.threads()).isEqualTo(model.threads());
            assertThat(view.blocksOn()).isEqualTo(model.blocksOn());
            assertThat(view.noteIdea()).isEqualTo(model.noteIdea());
            assertThat(view.virtualThreads()).isEqualTo(model.runsOnVirtualThreads());
            assertThat(view.defaultPort()).isEqualTo(model.defaultPort());
            assertThat(view.clientsAtOnce()).isEqualTo(model.clientsAtOnce());
            assertThat(view.serving()).isEqualTo(model.serving());
            assertThat(view.ioThreads()).isEqualTo(model.ioThreads());
            assertThat(view.transport()).isEqualTo(model.transport());
            assertThat(view.needsNativeTransport()).isEqualTo(model.transport().needsNative());
            assertThat(view.port()).isEqualTo(properties.port(model));
        }
    }
}
