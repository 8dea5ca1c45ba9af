package dev.echolab.api;

import dev.echolab.config.EchoProperties;
import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.stress.RunInProgressException;
import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import dev.echolab.stress.StressRuns;
import dev.echolab.stress.StressTable;
import dev.echolab.stress.Target;
import jakarta.validation.Valid;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/stress}: start a run against this process's own servers, watch it (JSON, or server-sent events),
 * read its table (Markdown or CSV), cancel it. One run at a time.
 */
@RestController
@RequestMapping("/api/stress")
class StressController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final StressRuns runs;
    private final StressEvents events;
    private final EchoServers servers;
    private final List<String> allowedTargets;

    StressController(StressRuns runs, StressEvents events, EchoServers servers, EchoProperties properties) {
        this.runs = runs;
        this.events = events;
        this.servers = servers;
        this.allowedTargets = properties.stress().allowedTargets();
    }

    @PostMapping
    ResponseEntity<StressRun> start(@Valid @RequestBody StressRequest request) {
        List<Target> targets = targets(request);
        try {
            StressRun run = runs.submit(request, targets);
            return ResponseEntity.accepted().location(URI.create("/api/stress/" + run.id())).body(run);
        } catch (RunInProgressException e) {
            throw StressProblems.runInProgress(e.getMessage());
        }
    }

    /** Recent runs, newest first. */
    @GetMapping
    List<StressRun> list() {
        return runs.list();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    StressRun get(@PathVariable String id) {
        return run(id);
    }

    @GetMapping(path = "/{id}", produces = "text/markdown")
    ResponseEntity<String> markdown(@PathVariable String id) {
        return ResponseEntity.ok().contentType(MARKDOWN).body(StressTable.markdown(finished(id)));
    }

    @GetMapping(path = "/{id}", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable String id) {
        return ResponseEntity.ok().contentType(CSV).body(StressTable.csv(finished(id)));
    }

    /** The run's JSON about every 500 ms while it goes, then once more as it ends. */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id) {
        return events.subscribe(run(id));
    }

    /** Cancels a run that is going; returns once its sockets are closed. */
    @DeleteMapping("/{id}")
    StressRun cancel(@PathVariable String id) {
        StressRun run = run(id);
        if (run.status() == StressRun.Status.SUCCEEDED || run.status() == StressRun.Status.FAILED) {
            throw StressProblems.alreadyFinished(id, run.status().name());
        }
        return runs.cancel(id).orElseThrow(() -> StressProblems.unknownRun(id));
    }

    private StressRun run(String id) {
        return runs.find(id).orElseThrow(() -> StressProblems.unknownRun(id));
    }

    private StressRun finished(String id) {
        StressRun run = run(id);
        if (!run.finished()) {
            throw StressProblems.notFinished(id, run.status().name());
        }
        return run;
    }

    /** The request's models (404 unknown, 409 stopped), then its free targets (403 unless allowed). */
    private List<Target> targets(StressRequest request) {
        List<Target> targets = new ArrayList<>();
        for (String id : request.models()) {
            IoModel model = IoModel.byId(id).orElseThrow(() -> new UnknownModelException(id));
            if (servers.running(model) == null) {
                throw StressProblems.modelStopped(id);
            }
            targets.add(Target.of(model, () -> address(model), () -> servers.virtualThreads(model)));
        }
        for (String target : request.targets()) {
            if (!allowedTargets.contains(target)) {
                throw StressProblems.targetForbidden(target);
            }
            targets.add(Target.free(target, parse(target)));
        }
        return targets;
    }

    /** Where a model listens now, as a client reaches it (a wildcard bind is reached on loopback); null if stopped. */
    private InetSocketAddress address(IoModel model) {
        EchoServers.Status status = servers.status(model);
        if (status.state() != EchoServers.State.RUNNING) {
            return null;
        }
        try {
            InetAddress host = InetAddress.getByName(status.bindAddress()); // an IP literal: no lookup
            return new InetSocketAddress(host.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : host,
                    status.port());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetSocketAddress parse(String hostPort) {
        try {
            URI uri = new URI("tcp://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw StressProblems.badTarget(hostPort);
            }
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            throw StressProblems.badTarget(hostPort);
        }
    }
}
