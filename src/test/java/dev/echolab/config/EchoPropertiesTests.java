package dev.echolab.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** An impossible value stops start-up with a message that names the property. */
class EchoPropertiesTests {

    @ParameterizedTest
    @CsvSource({
        "echo.servers.blocking.port=70000, echo.servers[blocking].port",
        "echo.servers.thread-pool.threads=0, echo.servers[thread-pool].threads",
        "echo.max-connections=0, echo.max-connections",
        "echo.idle-timeout=-1s, echo.idle-timeout",
        "echo.servers.no-such-model.port=1, echo.servers"
    })
    void anImpossibleValueStopsStartUpNamingTheProperty(String setting, String property) {
        Throwable failure = null;
        try (var ignored = new SpringApplicationBuilder(EchoLabApplication.class)
                .web(WebApplicationType.NONE)
                .run("--echo.autostart=false", "--" + setting)) {
            // started: the assertion below fails
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).as("start-up with %s", setting).isNotNull();
        assertThat(messages(failure)).contains(property);
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
