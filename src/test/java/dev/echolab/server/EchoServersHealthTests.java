package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** A server meant to run that could not bind makes health DOWN; a server stopped on purpose does not. */
@Timeout(30)
class EchoServersHealthTests {

    private EchoServers servers;

    @AfterEach
    void stopAll() {
        if (servers != null) {
            servers.stopAll();
        }
    }

    @Test
    void aServerMeantToRunThatFailedIsDownAndUpAgainOnceStarted() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            servers = servers(Map.of("echo.servers.thread-pool.port", String.valueOf(held.getLocalPort())));
            servers.startEnabled();
            assertThat(servers.status(IoModel.THREAD_POOL).state()).isEqualTo(EchoServers.State.FAILED);

            Health failed = health(IoModel.THREAD_POOL);
            assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
            assertThat(failed.getDetails())
                    .containsEntry("state", EchoServers.State.FAILED)
                    .containsKey("lastError");
        }
        servers.start(IoModel.THREAD_POOL, 0);
        Health running = health(IoModel.THREAD_POOL);
        assertThat(running.getStatus()).isEqualTo(Status.UP);
        assertThat(running.getDetails())
                .containsEntry("state", EchoServers.State.RUNNING)
                .containsKey("port");
    }

    @Test
    void aServerStoppedOnPurposeOrNotEnabledIsUp() throws IOException {
        servers = servers(Map.of("echo.servers.blocking.enabled", "false"));
        servers.startEnabled();
        servers.stop(IoModel.THREAD_POOL);

        assertThat(health(IoModel.THREAD_POOL).getStatus()).isEqualTo(Status.UP);
        assertThat(health(IoModel.THREAD_POOL).getDetails()).containsEntry("state", EchoServers.State.STOPPED);
        assertThat(health(IoModel.BLOCKING).getStatus()).isEqualTo(Status.UP);
    }

    private Health health(IoModel model) {
        CompositeHealthContributor all = new EchoServersHealth().echoServersHealthContributor(servers);
        return ((HealthIndicator) all.getContributor(model.id())).health();
    }

    /** Every model on an ephemeral loopback port unless the settings say otherwise. */
    static EchoServers servers(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        for (IoModel model : IoModel.values()) {
            all.put("echo.servers." + model.id() + ".port", "0");
        }
        all.put("echo.shutdown-grace", "100ms");
        all.putAll(settings);
        EchoProperties properties =
                new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("echo", EchoProperties.class);
        return EchoServersConfig.servers(properties);
    }
}
