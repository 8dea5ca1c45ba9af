package dev.echolab.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The echo servers in {@code /actuator/health}, one component per model under {@code echoServers}. A server meant
 * to run ({@link EchoServers#enabledAtBoot()}) that FAILED is DOWN, and so is the app; a server stopped on purpose
 * (through the API, or not enabled) is UP: nothing is wrong with it; so is one this machine cannot run
 * (UNAVAILABLE, with the reason): the lab is fine without it.
 */
@Configuration(proxyBeanMethods = false)
class EchoServersHealth {

    @Bean
    CompositeHealthContributor echoServersHealthContributor(EchoServers servers) {
        Map<String, IoModel> byId = new LinkedHashMap<>();
        for (IoModel model : IoModel.values()) {
            byId.put(model.id(), model);
        }
        return CompositeHealthContributor.fromMap(byId, model -> (HealthIndicator) () -> health(servers, model));
    }

    static Health health(EchoServers servers, IoModel model) {
        EchoServers.ServerStatus status = servers.status(model);
        boolean meantToRun = servers.enabledAtBoot().contains(model);
        Health.Builder health = status.state() == EchoServers.State.FAILED && meantToRun ? Health.down() : Health.up();
        health.withDetail("state", status.state()).withDetail("bindAddress", status.bindAddress());
        if (status.state() == EchoServers.State.RUNNING) {
            health.withDetail("port", status.port());
        }
        if (status.transport() != null) {
            health.withDetail("transport", status.transport());
        }
        if (status.lastError() != null) {
            health.withDetail("lastError", status.lastError());
        }
        return health.build();
    }
}
