package dev.echolab.server;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the enabled echo servers with the application and stops them all on shutdown. Phase 0: after Tomcat
 * stops taking requests and drains (Tomcat's phases are higher, so on the way down it stops first), so no API call sees a half-stopped lab.
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
