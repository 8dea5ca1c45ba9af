package dev.echolab.server;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the enabled echo servers with the application and stops them all on shutdown. Phase 0, below Tomcat's
 * (its graceful drain and its stop run at {@code DEFAULT_PHASE - 1024} and {@code - 2048}, far above 0): lower
 * phases start first and stop last, so the servers are up before the first API call and stop only once Tomcat has
 * stopped taking requests and drained, so no API call sees a half-stopped lab.
 */
@Component
class EchoServersLifecycle implements SmartLifecycle {

    private final EchoServers servers;
    private volatile boolean running;

    EchoServersLifecycle(EchoServers servers) {
        this.servers = servers;
    }

    @Override
    public void start() {
        servers.startEnabled();
        running = true;
    }

    @Override
    public void stop() {
        servers.stopAll();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
