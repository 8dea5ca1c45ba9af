package dev.echolab.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code run --metrics-port}: the two pages a scraper and a probe ask for, on the JDK's own HTTP server, at the
 * paths the service's Actuator uses: {@code /actuator/health} ({@code {"status":"UP"}} while the run goes) and
 * {@code /actuator/prometheus}. Every other path is 404. On every interface, as the service's port is, so that a
 * Prometheus elsewhere can scrape a generator.
 */
final class MetricsServer implements AutoCloseable {

    /** The Prometheus text format, as Actuator answers by default. */
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code port} and serves until closed; an {@link IOException} when the port cannot be had. */
    static MetricsServer start(int port, PrometheusMeterRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("echo-lab-metrics").daemon().factory());
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                boolean read = exchange.getRequestMethod().equals("GET")
                        || exchange.getRequestMethod().equals("HEAD");
                if (!read) {
                    send(exchange, 405, "text/plain; charset=utf-8", "GET only\n");
                } else if (path.equals("/actuator/health")) {
                    send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
                } else if (path.equals("/actuator/prometheus")) {
                    send(exchange, 200, PROMETHEUS, registry.scrape());
                } else {
                    send(
                            exchange,
                            404,
                            "text/plain; charset=utf-8",
                            "Only /actuator/health and /actuator/prometheus\n");
                }
            }
        });
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The port it listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
