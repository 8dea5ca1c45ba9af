package dev.echolab.server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the echo servers from {@code echo.*}. The rest of the server package knows nothing of Spring configuration:
 * this is the one place where properties become {@link ServerSettings}.
 */
@Configuration(proxyBeanMethods = false)
public class EchoServersConfig {

    /** Threads of a model with a pool unless configured: what a servlet container's default pool would be. */
    static final int DEFAULT_POOL_THREADS = 32;

    @Bean
    EchoServers echoServers(EchoProperties properties) {
        return servers(properties);
    }

    /** The registry for these properties; public for tests that build one without a Spring context. */
    public static EchoServers servers(EchoProperties properties) {
        return new EchoServers(
                model -> settings(properties, model),
                model -> properties.autostart() && properties.server(model).enabled());
    }

    static ServerSettings settings(EchoProperties properties, IoModel model) {
        EchoProperties.ServerProperties server = properties.server(model);
        int threads = server.threads() != null ? server.threads() : defaultThreads(model);
        return new ServerSettings(
                properties.bindAddress(),
                properties.port(model),
                properties.maxConnections(),
                IdleTimeout.of(properties.idleTimeout()),
                properties.shutdownGrace(),
                (int) properties.bufferSize().toBytes(),
                threads,
                server.spin());
    }

    private static int defaultThreads(IoModel model) {
        return model.clientsAtOnce() == IoModel.ClientsAtOnce.POOL
                ? DEFAULT_POOL_THREADS
                : Runtime.getRuntime().availableProcessors();
    }
}
