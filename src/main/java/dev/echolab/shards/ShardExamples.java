package dev.echolab.shards;

/**
 * Example bodies of {@code /api/shards} for the OpenAPI description, as a running service answered them on loopback:
 * a round of four generators of group {@code bench} against one {@code netty} server.
 */
final class ShardExamples {

    private ShardExamples() {}

    static final String JOIN = """
            {"round": null, "index": null, "shards": 4, "generator": "gen-c:1"}
            """;

    static final String JOIN_INDEXED = """
            {"round": "3f0c9a52-8f61-4c3e-9d0e-2b1f7f0c6a11", "index": 2, "shards": 4,
             "generator": "echo-lab-loadgen-2-x7k2p:1"}
            """;

    static final String READY = """
            {"generator": "gen-c:1",
             "request": {"models": [], "targets": [{"address": "127.0.0.1:7005", "model": "multiplexing"}],
                         "connections": 10, "payloadBytes": 64, "durationSeconds": 10.0, "messagesPerConnection": null,
                         "warmupSeconds": 2.0, "pipeline": 1, "ratePerSecond": null, "rampUpSeconds": 0.0,
                         "connectTimeoutMs": 5000, "responseTimeoutMs": 2000, "idleConnections": 0, "threads": null,
                         "repeats": 1},
             "run": null}
            """;

    static final String RESULT = """
            {"generator": "gen-c:1", "request": null,
             "run": {"id": "5c0e19a4", "status": "SUCCEEDED", "progress": 1.0,
                     "request": {"models": [], "targets": [{"address": "127.0.0.1:7005", "model": "multiplexing"}],
                                 "connections": 10, "payloadBytes": 64, "durationSeconds": 10.0,
                                 "messagesPerConnection": null, "warmupSeconds": 2.0, "pipeline": 1,
                                 "ratePerSecond": null, "rampUpSeconds": 0.0, "connectTimeoutMs": 5000,
                                 "responseTimeoutMs": 2000, "idleConnections": 0, "threads": null, "repeats": 1},
                     "createdAt": "2026-12-02T10:15:08.902Z", "startedAt": "2026-12-02T10:15:09.283Z",
                     "finishedAt": "2026-12-02T10:15:21.744Z", "live": null,
                     "results": [{"model": "multiplexing", "repeat": 1, "status": "SUCCEEDED", "target": "127.0.0.1:7005",
                                  "startedAt": "2026-12-02T10:15:09.290Z", "finishedAt": "2026-12-02T10:15:21.701Z",
                                  "measuredSeconds": 10.0,
                                  "connections": {"requested": 10, "established": 10, "failed": 0,
                                                  "idleRequested": 0, "idleHeld": 0},
                                  "messages": {"sent": 13563, "echoed": 13563, "unsent": 0},
                                  "bytes": {"sent": 868032, "echoed": 868032},
                                  "throughput": {"messagesPerSecond": 1355.3, "bytesPerSecond": 86739.2},
                                  "latencyMicros": {"min": 96.3, "p50": 2521.1, "p90": 9232.4, "p99": 84213.8,
                                                    "p999": 270532.6, "max": 311951.4, "mean": 7361.2},
                                  "errors": {"connectRefused": 0, "connectTimeout": 0, "reset": 0,
                                             "responseTimeout": 0, "mismatch": 0, "closedEarly": 0},
                                  "integrity": {"verified": true, "mismatches": 0, "missingBytes": 0,
                                                "firstMismatchOffset": null, "bytesVerified": 1116544},
                                  "cost": {"serverCpuSeconds": null, "cpuMicrosPerMessage": null,
                                           "peakThreads": null},
                                  "client": {"threads": 1, "cpuSeconds": 0.912, "cpuUtilization": 0.091,
                                             "cpuMicrosPerMessage": 67.24},
                                  "clientBound": false, "machineBound": true, "notes": [],
                                  "latencyHistogram": "HISTFAAAACl4nJNpmSzMwMDAxQABzFCaEUzW//9v/wEisLOXkWm+KNNhXSYAmOQH8g==",
                                  "measuredFrom": 1796282095471202, "measuredTo": 1796282105471202,
                                  "perSecond": [], "shard": "2/4"}],
                     "manifest": null, "storage": null, "coordination": null}}
            """;

    static final String MEMBERSHIP = """
            {"group": "bench", "round": "3f0c9a52", "index": 2, "shards": 4}
            """;

    static final String ROUND_JOINING = """
            {"group": "bench", "round": "3f0c9a52", "state": "JOINING", "shards": 4,
             "createdAt": "2026-12-02T10:15:01.204Z", "joinDeadline": "2026-12-02T10:25:01.204Z", "startAt": null,
             "resultDeadline": null,
             "members": [{"index": 0, "generator": "gen-a:1", "joinedAt": "2026-12-02T10:15:01.204Z",
                          "readyAt": "2026-12-02T10:15:04.871Z", "resultAt": null, "status": null},
                         {"index": 1, "generator": "gen-b:1", "joinedAt": "2026-12-02T10:15:01.377Z", "readyAt": null,
                          "resultAt": null, "status": null}],
             "missing": [0, 1, 2, 3], "detail": null, "runId": null, "run": null}
            """;

    static final String ROUND_STARTED = """
            {"group": "bench", "round": "3f0c9a52", "state": "STARTED", "shards": 4,
             "createdAt": "2026-12-02T10:15:01.204Z", "joinDeadline": null, "startAt": "2026-12-02T10:15:09.114Z",
             "resultDeadline": "2026-12-02T10:16:21.114Z",
             "members": [{"index": 0, "generator": "gen-a:1", "joinedAt": "2026-12-02T10:15:01.204Z",
                          "readyAt": "2026-12-02T10:15:04.871Z", "resultAt": null, "status": null},
                         {"index": 1, "generator": "gen-b:1", "joinedAt": "2026-12-02T10:15:01.377Z",
                          "readyAt": "2026-12-02T10:15:05.502Z", "resultAt": null, "status": null},
                         {"index": 2, "generator": "gen-c:1", "joinedAt": "2026-12-02T10:15:01.918Z",
                          "readyAt": "2026-12-02T10:15:06.730Z", "resultAt": null, "status": null},
                         {"index": 3, "generator": "gen-d:1", "joinedAt": "2026-12-02T10:15:02.040Z",
                          "readyAt": "2026-12-02T10:15:07.113Z", "resultAt": null, "status": null}],
             "missing": [0, 1, 2, 3], "detail": null, "runId": null, "run": null}
            """;

    static final String ROUND_MERGED = """
            {"group": "bench", "round": "3f0c9a52", "state": "MERGED", "shards": 4,
             "createdAt": "2026-12-02T10:15:01.204Z", "joinDeadline": null, "startAt": "2026-12-02T10:15:09.114Z",
             "resultDeadline": "2026-12-02T10:16:21.114Z",
             "members": [{"index": 0, "generator": "gen-a:1", "joinedAt": "2026-12-02T10:15:01.204Z",
                          "readyAt": "2026-12-02T10:15:04.871Z", "resultAt": "2026-12-02T10:15:21.802Z",
                          "status": "SUCCEEDED"},
                         {"index": 1, "generator": "gen-b:1", "joinedAt": "2026-12-02T10:15:01.377Z",
                          "readyAt": "2026-12-02T10:15:05.502Z", "resultAt": "2026-12-02T10:15:21.790Z",
                          "status": "SUCCEEDED"},
                         {"index": 2, "generator": "gen-c:1", "joinedAt": "2026-12-02T10:15:01.918Z",
                          "readyAt": "2026-12-02T10:15:06.730Z", "resultAt": "2026-12-02T10:15:21.841Z",
                          "status": "SUCCEEDED"},
                         {"index": 3, "generator": "gen-d:1", "joinedAt": "2026-12-02T10:15:02.040Z",
                          "readyAt": "2026-12-02T10:15:07.113Z", "resultAt": "2026-12-02T10:15:21.866Z",
                          "status": "SUCCEEDED"}],
             "missing": [], "detail": null, "runId": "9b41d07e", "run": "/api/stress/9b41d07e"}
            """;

    static final String ROUND_ABANDONED = """
            {"group": "bench", "round": "3f0c9a52", "state": "ABANDONED", "shards": 4,
             "createdAt": "2026-12-02T10:15:01.204Z", "joinDeadline": null, "startAt": null, "resultDeadline": null,
             "members": [{"index": 0, "generator": "gen-a:1", "joinedAt": "2026-12-02T10:15:01.204Z",
                          "readyAt": "2026-12-02T10:15:04.871Z", "resultAt": null, "status": null}],
             "missing": [1, 2, 3], "detail": "Abandoned by an operator (DELETE /api/shards/bench).", "runId": null,
             "run": null}
            """;

    static final String GROUPS = "[" + ROUND_MERGED + "]";

    static final String UNKNOWN_GROUP = """
            {"type": "/problems/unknown-shard-round", "title": "Unknown group or round", "status": 404,
             "detail": "No round of group 'bench' is known (none joined yet, or it was forgotten).",
             "instance": "/api/shards/bench"}
            """;

    static final String UNKNOWN_ROUND = """
            {"type": "/problems/unknown-shard-round", "title": "Unknown group or round", "status": 404,
             "detail": "Group 'bench' has no round 'nope' (never joined, or forgotten).",
             "instance": "/api/shards/bench/rounds/nope"}
            """;

    static final String INVALID_INDEX = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "index: must be below shards (4), not 4", "instance": "/api/shards/bench/members"}
            """;

    static final String INDEX_TAKEN = """
            {"type": "/problems/shard-refused", "title": "Shard refused", "status": 409,
             "detail": "Round 3f0c9a52 of group 'bench' refuses this: shard 1 is held by gen-b:1. Two generators cannot \
            share an index; if that one is gone, give up the round (DELETE /api/shards/bench) and start again.",
             "instance": "/api/shards/bench/members"}
            """;

    static final String STARTED = """
            {"type": "/problems/shard-refused", "title": "Shard refused", "status": 409,
             "detail": "Round 3f0c9a52 of group 'bench' refuses this: it started at 2026-12-02T10:15:09.114Z without \
            shard 1. A late shard would run short of the others: the run is merged without it.",
             "instance": "/api/shards/bench/members"}
            """;

    static final String NOT_MEMBER = """
            {"type": "/problems/shard-refused", "title": "Shard refused", "status": 409,
             "detail": "Round 3f0c9a52 of group 'bench' refuses this: shard 1 is not held by gen-x:7: join first (POST \
            /api/shards/bench/members), then speak for the index you were given.",
             "instance": "/api/shards/bench/rounds/3f0c9a52/members/1/ready"}
            """;

    static final String ENDED = """
            {"type": "/problems/shard-refused", "title": "Shard refused", "status": 409,
             "detail": "Round 3f0c9a52 of group 'bench' refuses this: it has ended (MERGED: Partial: no result from \
            shards [3].).", "instance": "/api/shards/bench/rounds/3f0c9a52/members/3/result"}
            """;

    static final String NO_RUN = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "run: the result must be in the body",
             "instance": "/api/shards/bench/rounds/3f0c9a52/members/0/result"}
            """;
}
