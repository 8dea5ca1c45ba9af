package dev.echolab.shards;

import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A load generator's side of the coordinator ({@code /api/shards} of a running service): join the group, wait until
 * the targets answer, say so, learn the start instant, and post the result once the run has ended, also when the
 * process is stopped (SIGTERM), with what it measured until then. Every call is retried while the coordinator cannot
 * be reached or is busy, up to the timeout; a refusal (a 4xx problem) ends it at once, with the coordinator's
 * reason. Used from one thread.
 */
public final class ShardClient {

    private static final Logger log = LoggerFactory.getLogger(ShardClient.class);
    /** How often the round is asked for its start; well inside the service's start lead (2 s by default). */
    private static final Duration POLL = Duration.ofMillis(200);

    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How long a result is retried: inside the 30 s a Kubernetes pod is given between SIGTERM and SIGKILL. */
    private static final Duration POST_TIMEOUT = Duration.ofSeconds(10);

    /** The coordinator said no, or could not be reached in time: the message says which and why. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Where the coordinator is and who this generator is.
     *
     * @param coordinator the service's base URL, e.g. {@code http://echo-lab-servers:8080}
     * @param group       the group to join
     * @param round       the round to join (a Job's uid); null for the one the coordinator picks
     * @param username    the API user
     * @param password    the API password (the service's {@code ECHO_API_PASSWORD})
     * @param generator   who this is: host name and process id
     * @param timeout     how long to wait for the coordinator, for the targets and for the start, in all
     */
    public record Settings(
            URI coordinator,
            String group,
            String round,
            String username,
            String password,
            String generator,
            Duration timeout) {}

    private final Settings settings;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Instant deadline;
    private Membership membership;

    public ShardClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.deadline = Instant.now().plus(settings.timeout());
    }

    /**
     * Joins the group with this index ({@code null}: the coordinator gives the lowest free one) of {@code shards}.
     *
     * @return the round and index this generator holds
     */
    public Membership join(Integer index, int shards) {
        JoinRequest body = new JoinRequest(settings.round(), index, shards, settings.generator());
        JsonNode answer = call("join group " + settings.group(), "POST", groupPath() + "/members", body, deadline);
        membership = json.treeToValue(answer, Membership.class);
        log.info(
                "joined group {} (round {}) as shard {}/{}",
                membership.group(),
                membership.round(),
                membership.index(),
                membership.shards());
        return membership;
    }

    /**
     * Waits until every target accepts a connection, tells the coordinator this shard is ready, and waits for the
     * start instant it gives once all N are.
     */
    public Instant awaitStart(List<InetSocketAddress> targets, StressRequest request) throws InterruptedException {
        for (InetSocketAddress target : targets) {
            awaitAnswer(target);
        }
        call(
                "say shard " + membership.index() + " is ready",
                "POST",
                memberPath() + "/ready",
                new MemberRequest(settings.generator(), request, null),
                deadline);
        log.info("ready; waiting for the other shards of {}", settings.group());
        while (true) {
            RoundView round =
                    json.treeToValue(call("ask for the start", "GET", roundPath(), null, deadline), RoundView.class);
            if (round.startAt() != null) {
                log.info("all {} shards ready: starting at {}", round.shards(), round.startAt());
                return round.startAt();
            }
            if (round.finished()) {
                throw new Refused("round " + round.round() + " of group " + round.group() + " ended before it started: "
                        + round.state() + (round.detail() == null ? "" : ", " + round.detail()));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new Refused("the other shards of group " + round.group() + " were not all ready within "
                        + settings.timeout().toSeconds() + " s; missing: " + round.missing());
            }
            Thread.sleep(POLL);
        }
    }

    /**
     * Posts this shard's result: the whole run, or the partial one a signal cancelled ({@code HeadlessRun} posts
     * either, once, before the JVM exits).
     *
     * @return whether the coordinator took it
     */
    public boolean post(StressRun run) {
        if (membership == null) {
            return false;
        }
        try {
            call(
                    "post the result of shard " + membership.index(),
                    "POST",
                    memberPath() + "/result",
                    new MemberRequest(settings.generator(), null, run),
                    Instant.now().plus(POST_TIMEOUT));
            log.info("result of shard {} posted to {} ({})", membership.index(), settings.coordinator(), run.status());
            return true;
        } catch (Refused e) {
            log.error("the result of shard {} was not taken: {}", membership.index(), e.getMessage());
            return false;
        }
    }

    /**
     * The round this client names ({@link Settings#round()}), else the group's newest; asked again while the
     * coordinator cannot be reached or knows no such round yet, until the timeout.
     */
    public RoundView round() {
        String path = settings.round() == null ? groupPath() : groupPath() + "/rounds/" + encode(settings.round());
        return json.treeToValue(call("read group " + settings.group(), "GET", path, null, deadline), RoundView.class);
    }

    /** The run a merged round stored. */
    public StressRun run(RoundView merged) {
        return json.treeToValue(
                call("read run " + merged.runId(), "GET", merged.run(), null, deadline), StressRun.class);
    }

    /** Tries to connect until the target accepts: a server that is still starting is waited for. */
    private void awaitAnswer(InetSocketAddress target) throws InterruptedException {
        boolean said = false;
        while (true) {
            InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
            try (Socket socket = new Socket()) {
                socket.connect(resolved, 2_000);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new Refused("target " + target.getHostString() + ":" + target.getPort()
                            + " did not answer within " + settings.timeout().toSeconds() + " s: " + e.getMessage());
                }
                if (!said) {
                    log.info("waiting for target {}:{} to answer ({})", target.getHostString(), target.getPort(), e);
                    said = true;
                }
            }
            Thread.sleep(RETRY);
        }
    }

    /**
     * One call, retried while the coordinator cannot be reached or answers 5xx or 429, until {@code until}.
     *
     * @return the answer's JSON
     * @throws Refused on a 4xx answer (with the problem's detail) or when {@code until} has passed
     */
    private JsonNode call(String what, String method, String path, Object body, Instant until) {
        URI uri = settings.coordinator().resolve(path);
        String last = null;
        while (true) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .header("Authorization", basic())
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            Duration wait = RETRY;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 300) {
                    return json.readTree(response.body());
                }
                if (status == 429) {
                    wait = response.headers()
                            .firstValue("Retry-After")
                            .map(s -> Duration.ofSeconds(Long.parseLong(s)))
                            .orElse(RETRY);
                    last = "429, too many wrong passwords from here";
                } else if (status < 500 && status != 404 || status == 404 && body != null) {
                    throw new Refused("the coordinator refused to " + what + ": " + detail(status, response.body()));
                } else {
                    // 404 on a read: a service that restarted, or not yet there; 5xx: a service that is starting
                    last = detail(status, response.body());
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refused("interrupted while trying to " + what);
            }
            if (Instant.now().plus(wait).isAfter(until)) {
                throw new Refused("could not " + what + " at " + uri + " in time; last: " + last);
            }
            log.debug("could not {} ({}); trying again", what, last);
            sleep(wait);
        }
    }

    private String detail(int status, String body) {
        if (status == 401) {
            return "401: wrong or missing credentials (user " + settings.username()
                    + ", the password from ECHO_API_PASSWORD, the service's)";
        }
        try {
            JsonNode problem = json.readTree(body);
            return status + " " + problem.path("detail").asString(body);
        } catch (JacksonException e) {
            return status + " " + body;
        }
    }

    private String basic() {
        String pair = settings.username() + ":" + (settings.password() == null ? "" : settings.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private String groupPath() {
        return "/api/shards/" + encode(settings.group());
    }

    private String roundPath() {
        return groupPath() + "/rounds/" + encode(membership.round());
    }

    private String memberPath() {
        return roundPath() + "/members/" + membership.index();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted while waiting for the coordinator");
        }
    }
}
