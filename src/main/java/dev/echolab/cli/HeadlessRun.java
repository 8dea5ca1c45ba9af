package dev.echolab.cli;

import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import dev.echolab.stress.StressTable;
import dev.echolab.stress.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * One headless run, its flags already checked: starts a small Spring context ({@link RunnerConfiguration}), waits
 * for {@code --start-at}, runs the stress through {@link StressRuns} (the same engine and JSON as the API), shows a
 * progress line, then prints the table to stderr and the result to stdout, last.
 */
final class HeadlessRun {

    private static final Logger log = LoggerFactory.getLogger(HeadlessRun.class);
    /** A shard this late would run short of the others: it fails instead. */
    static final Duration LATE = Duration.ofMillis(500);

    /** A target as given: resolved only once Spring is up, so a name in DNS has had time to appear. */
    /** A {@code --target}: its {@code host:port}, the model it names (or null), and where to connect. */
    record Address(String address, String model, String host, int port) {

        private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

        /** {@code host:port}, or {@code host:port=model}; the message of the exception says what is wrong. */
        static Address parse(String target) {
            int equals = target.lastIndexOf('=');
            String hostPort = equals < 0 ? target : target.substring(0, equals);
            String model = equals < 0 ? null : target.substring(equals + 1);
            if (model != null && !MODEL_ID.matcher(model).matches()) {
                throw new IllegalArgumentException(
                        "'" + model + "' is not a model id (lower-case letters, digits, '-')");
            }
            try {
                URI uri = new URI("tcp://" + hostPort);
                if (uri.getHost() != null && uri.getPort() > 0 && uri.getPath().isEmpty()) {
                    return new Address(hostPort, model, uri.getHost(), uri.getPort());
                }
            } catch (URISyntaxException e) {
                // said below
            }
            throw new IllegalArgumentException("not host:port or host:port=model");
        }

        /** What results and meters call it: the model when named, else the address. */
        String label() {
            return model == null ? address : model;
        }
    }

    /** Everything the flags asked for. */
    record Settings(
            StressRequest request,
            List<Address> targets,
            IoModel model,
            Shard shard,
            Instant startAt,
            int metricsPort,
            Duration linger,
            Path out,
            Thresholds thresholds,
            List<String> springArgs,
            Coordinated coordinated) {}

    private final Settings settings;
    private final PrintStream stdout;

    HeadlessRun(Settings settings, PrintStream stdout) {
        this.settings = settings;
        this.stdout = stdout;
    }

    int call() throws IOException, InterruptedException {
        StressRun run;
        String json;
        List<String> broken;
        try (ConfigurableApplicationContext context =
                application().run(settings.springArgs().toArray(String[]::new))) {
            EchoServers servers = context.getBean(EchoServers.class);
            List<Target> targets = targets(servers);
            Coordinated coordinated = settings.coordinated();
            if (targets == null
                    || !waitForStart(
                            coordinated == null
                                    ? settings.startAt()
                                    : coordinated.awaitStart(settings.targets(), settings.request()))) {
                return 1;
            }
            StressRuns runs = context.getBean(StressRuns.class);
            try {
                StressRun submitted = runs.submit(settings.request(), targets);
                if (coordinated != null) {
                    coordinated.postOnShutdown(() -> labelled(
                            runs.cancel(submitted.id()).orElseThrow(),
                            settings.shard().label()));
                }
                run = Progress.follow(runs, submitted);
            } finally {
                if (settings.model() != null) {
                    servers.stop(settings.model()); // nothing else stops it: run has no servers' lifecycle
                }
            }
            if (settings.shard().label() != null) {
                run = labelled(run, settings.shard().label());
            }
            if (coordinated != null) {
                coordinated.post(run);
            }
            json = context.getBean(JsonMapper.class).writeValueAsString(run);
            System.err.println();
            System.err.print(StressTable.markdown(run));
            broken = settings.thresholds().broken(run);
            broken.forEach(b -> System.err.println("threshold broken: " + b));
            if (!settings.linger().isZero()) {
                log.info(
                        "lingering {} s so the last samples are scraped",
                        settings.linger().toSeconds());
                Thread.sleep(settings.linger());
            }
        }
        if (settings.out() != null) {
            Files.writeString(settings.out(), json + "\n");
            System.err.println("result written to " + settings.out());
        } else {
            stdout.println(json);
            stdout.flush();
        }
        return run.status() == StressRun.Status.SUCCEEDED && broken.isEmpty() ? 0 : 1;
    }

    /**
     * Every result of the run marked as this shard's, so that merge can say which is which; no storage, as a headless
     * run keeps nothing.
     */
    private static StressRun labelled(StressRun run, String shard) {
        return new StressRun(
                run.id(),
                run.status(),
                run.progress(),
                run.request(),
                run.createdAt(),
                run.startedAt(),
                run.finishedAt(),
                run.live(),
                run.results().stream().map(r -> r.withShard(shard)).toList(),
                run.manifest(),
                null);
    }

    private SpringApplication application() {
        SpringApplication application = new SpringApplication(RunnerConfiguration.class);
        application.setWebApplicationType(
                settings.metricsPort() > 0 ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        // Ahead of application.yml (and behind the --echo.* / --spring.* arguments Spring adds first).
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("echo-lab-run", properties()));
        application.setEnvironment(environment);
        return application;
    }

    private Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("echo.autostart", "false");
        properties.put("server.port", settings.metricsPort());
        properties.put("management.endpoints.web.exposure.include", "health,prometheus");
        properties.put("spring.web.resources.add-mappings", "false");
        properties.put("springdoc.api-docs.enabled", "false");
        properties.put("springdoc.swagger-ui.enabled", "false");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.echolab", "INFO");
        return properties;
    }

    /** The targets to load, or null (after saying why) when one cannot be reached at all. */
    private List<Target> targets(EchoServers servers) throws IOException {
        List<Target> targets = new ArrayList<>();
        if (settings.model() != null) {
            IoModel model = settings.model();
            int port = servers.start(model, 0).port();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            log.info("{} listens on {}", model.id(), address);
            targets.add(Target.of(model, () -> address, servers.usage()));
        }
        for (Address target : settings.targets()) {
            InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
            if (address.isUnresolved()) {
                System.err.println("error: --target " + target.address() + ": unknown host " + target.host());
                return null;
            }
            targets.add(Target.free(target.label(), address));
        }
        return targets;
    }

    /** Sleeps until {@code --start-at}; false (after saying so) when that moment has already passed. */
    private boolean waitForStart(Instant startAt) throws InterruptedException {
        if (startAt == null) {
            return true;
        }
        Duration wait = Duration.between(Instant.now(), startAt);
        if (wait.compareTo(LATE.negated()) < 0) {
            System.err.printf(
                    "error: --start-at %s was %.1f s ago: this shard would start late and run short of "
                            + "the others; launch with a later --start-at%n",
                    startAt, -wait.toMillis() / 1e3);
            return false;
        }
        if (wait.isPositive()) {
            log.info("waiting {} s for --start-at {}", Math.round(wait.toMillis() / 1e3), startAt);
            Thread.sleep(wait);
        }
        return true;
    }
}
