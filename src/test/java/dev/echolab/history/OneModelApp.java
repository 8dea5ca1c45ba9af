package dev.echolab.history;

import dev.echolab.EchoLabApplication;
import dev.echolab.server.IoModel;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The app as a user starts it (its own Spring context, a real port), with one model only: the other models' threads
 * would outlive the context by their shutdown grace, and tests that count a model's threads run in this JVM after
 * the ones that use this. What the tests that restart the app around its history share.
 */
final class OneModelApp {

    static final String MODEL = IoModel.values()[0].id();

    private OneModelApp() {}

    /** Started with API password {@code password} and the given arguments. */
    static ConfigurableApplicationContext start(String password, String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--echo.api.password=" + password));
        all.addAll(List.of(args));
        for (IoModel model : IoModel.values()) {
            if (!model.id().equals(MODEL)) {
                all.add("--echo.servers." + model.id() + ".enabled=false");
            }
        }
        return new SpringApplicationBuilder(EchoLabApplication.class).run(all.toArray(String[]::new));
    }

    /** {@code POST /api/stress} of a short run of {@link #MODEL} (without its URI). */
    static HttpRequest.Builder shortRun(String password) {
        return HttpRequest.newBuilder()
                .POST(HttpRequest.BodyPublishers.ofString("{\"models\":[\"" + MODEL
                        + "\"],\"connections\":3,\"durationSeconds\":0.3,\"warmupSeconds\":0}"))
                .header("Content-Type", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    static int port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
