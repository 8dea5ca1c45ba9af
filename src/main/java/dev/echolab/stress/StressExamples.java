package dev.echolab.stress;

/**
 * Example bodies of {@code /api/stress} for the OpenAPI description, taken from a running app: the note's experiment
 * (docs/the-note.md: 500 connections, 64-byte ping-pong, 10 s after 2 s of warm-up) against {@code multiplexing}, and
 * the same against {@code thread-pool}, cancelled.
 */
final class StressExamples {

    static final String REQUEST_DEFAULTS = """
            {"models": ["multiplexing"], "connections": 500, "payloadBytes": 64, "durationSeconds": 10}
            """;

    static final String REQUEST_SIDE_BY_SIDE = """
            {"models": ["blocking", "thread-pool", "multiplexing", "virtual-threads", "netty"]}
            """;

    static final String REQUEST_OPEN_LOOP = """
            {"models": ["netty"], "connections": 100, "ratePerSecond": 50000, "durationSeconds": 30,
             "rampUpSeconds": 1}
            """;

    static final String REQUEST_MESSAGE_COUNT = """
            {"models": ["async"], "connections": 50, "payloadBytes": 1024, "pipeline": 4,
             "messagesPerConnection": 10000}
            """;

    /** The {@code request} member of a run: what was asked, defaults filled in. */
    private static final String REQUEST = """
             "request": {"models": ["multiplexing"], "targets": [], "connections": 500, "payloadBytes": 64,
                         "durationSeconds": 10.0, "messagesPerConnection": null, "warmupSeconds": 2.0,
                         "pipeline": 1, "ratePerSecond": null, "rampUpSeconds": 0.0, "connectTimeoutMs": 5000,
                         "responseTimeoutMs": 2000},
            """;

    static final String RUN_QUEUED = """
            {"id": "232cc848", "status": "QUEUED", "progress": 0.0,
            """ + REQUEST + """
             "createdAt": "2026-11-28T06:41:55.677Z", "startedAt": null, "finishedAt": null, "live": null,
             "results": []}
            """;

    static final String RUN_RUNNING = """
            {"id": "232cc848", "status": "RUNNING", "progress": 0.42,
            """ + REQUEST + """
             "createdAt": "2026-11-28T06:41:55.677Z", "startedAt": "2026-11-28T06:41:55.679Z", "finishedAt": null,
             "live": {"model": "multiplexing", "modelIndex": 0, "models": 1, "phase": "measuring",
                      "elapsedSeconds": 5.04, "progress": 0.42, "connectionsEstablished": 500,
                      "activeConnections": 500, "messages": 468210, "messagesPerSecond": 153870.0,
                      "p50Micros": 2906.1, "p99Micros": 8798.2, "errors": 0},
             "results": []}
            """;

    static final String RUN_SUCCEEDED = """
            {"id": "232cc848", "status": "SUCCEEDED", "progress": 1.0,
            """ + REQUEST + """
             "createdAt": "2026-11-28T06:41:55.677Z", "startedAt": "2026-11-28T06:41:55.679Z",
             "finishedAt": "2026-11-28T06:42:07.704Z", "live": null,
             "results": [{"model": "multiplexing", "status": "SUCCEEDED", "target": "127.0.0.1:7005",
                          "startedAt": "2026-11-28T06:41:55.679Z", "finishedAt": "2026-11-28T06:42:07.699Z",
                          "measuredSeconds": 10.012,
                          "connections": {"requested": 500, "established": 500, "failed": 0,
                                          "idleRequested": 0, "idleHeld": 0},
                          "messages": {"sent": 1545237, "echoed": 1545237, "unsent": 0},
                          "bytes": {"sent": 98895168, "echoed": 98895168},
                          "throughput": {"messagesPerSecond": 154332.3, "bytesPerSecond": 9877268.4},
                          "latencyMicros": {"min": 142.6, "p50": 2918.4, "p90": 5169.2, "p99": 8831.0,
                                            "p999": 12288.0, "max": 26509.3, "mean": 3236.6},
                          "errors": {"connectRefused": 0, "connectTimeout": 0, "reset": 0, "responseTimeout": 0,
                                     "mismatch": 0, "closedEarly": 0},
                          "integrity": {"verified": true, "mismatches": 0, "missingBytes": 0,
                                        "firstMismatchOffset": null, "bytesVerified": 117899584},
                          "cost": {"serverCpuSeconds": 8.796, "cpuMicrosPerMessage": 5.69, "peakThreads": 1},
                          "client": {"threads": 2, "cpuSeconds": 8.979, "cpuUtilization": 0.448,
                                     "cpuMicrosPerMessage": 5.81},
                          "clientBound": false, "machineBound": false, "notes": [],
                          "latencyHistogram": "HISTFAAAAEV4nJNpmSzMwMCgyQABzFCaEch0M9ixgMH+A0Tg40EmAW4BVoXX/ALMCgLvOQQYgFBgMrsAmLGWRQAIjrMIKAgAAL7FC8I=",
                          "measuredFrom": 1796272917679000, "measuredTo": 1796272927679000,
                          "perSecond": [{"t": 1796272917, "messages": 47120, "bytes": 3015680},
                                        {"t": 1796272918, "messages": 154012, "bytes": 9856768}],
                          "shard": null}]}
            """;

    static final String RUN_CANCELLED = """
            {"id": "5b2cfbaf", "status": "CANCELLED", "progress": 1.0,
             "request": {"models": ["thread-pool"], "targets": [], "connections": 500, "payloadBytes": 64,
                         "durationSeconds": 10.0, "messagesPerConnection": null, "warmupSeconds": 2.0,
                         "pipeline": 1, "ratePerSecond": null, "rampUpSeconds": 0.0, "connectTimeoutMs": 5000,
                         "responseTimeoutMs": 2000},
             "createdAt": "2026-11-28T06:42:14.721Z", "startedAt": "2026-11-28T06:42:14.722Z",
             "finishedAt": "2026-11-28T06:42:19.959Z", "live": null,
             "results": [{"model": "thread-pool", "status": "CANCELLED", "target": "127.0.0.1:7003",
                          "startedAt": "2026-11-28T06:42:14.722Z", "finishedAt": "2026-11-28T06:42:19.959Z",
                          "measuredSeconds": 3.228,
                          "connections": {"requested": 500, "established": 500, "failed": 0,
                                          "idleRequested": 0, "idleHeld": 0},
                          "messages": {"sent": 359971, "echoed": 359939, "unsent": 0},
                          "bytes": {"sent": 23038144, "echoed": 23036096},
                          "throughput": {"messagesPerSecond": 111517.3, "bytesPerSecond": 7137109.4},
                          "latencyMicros": {"min": 10.9, "p50": 353.8, "p90": 426.5, "p99": 798.2,
                                            "p999": 1807.4, "max": 8429.6, "mean": 286.9},
                          "errors": {"connectRefused": 0, "connectTimeout": 0, "reset": 0, "responseTimeout": 468,
                                     "mismatch": 0, "closedEarly": 0},
                          "integrity": {"verified": true, "mismatches": 0, "missingBytes": 0,
                                        "firstMismatchOffset": null, "bytesVerified": 39087424},
                          "cost": {"serverCpuSeconds": 3.635, "cpuMicrosPerMessage": 10.1, "peakThreads": 33},
                          "client": {"threads": 2, "cpuSeconds": 2.597, "cpuUtilization": 0.401,
                                     "cpuMicrosPerMessage": 7.22},
                          "clientBound": false, "machineBound": false, "latencyHistogram": "HISTFAAAAEV4nJNpmSzMwMCgyQABzFCaEch0M9ixgMH+A0Tg40EmAW4BVoXX/ALMCgLvOQQYgFBgMrsAmLGWRQAIjrMIKAgAAL7FC8I=",
                          "measuredFrom": 1796272934722000, "measuredTo": 1796272937950000, "perSecond": [],
                          "shard": null,
                          "notes": ["Cancelled: the figures cover only what was measured until then.",
                                    "468 of 500 connections never got an answer within 2000 ms; the other 32 \
            did: the server serves at most that many clients at a time, or could not accept more in time."]}]}
            """;

    static final String RUNS = "[" + RUN_RUNNING + "," + RUN_SUCCEEDED + "]";

    static final String MARKDOWN = """
            Stress run 232cc848: SUCCEEDED. 500 connections × 64 B, closed loop (pipeline 1), 10 s after 2 s warm-up.

            | model | status | connections | msg/s | MB/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | errors \
            | verified | server CPU s | CPU µs/msg | peak threads | client CPU | client-bound | machine-bound |
            |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|
            | multiplexing | SUCCEEDED | 500 | 154,332 | 9.88 | 2,918 | 5,169 | 8,831 | 12,288 | 26,509 | 0 | yes \
            | 8.80 | 5.69 | 1 | 45% | no | no |
            """;

    static final String CSV = """
            model,status,connectionsEstablished,messagesPerSecond,megabytesPerSecond,p50Micros,p90Micros,p99Micros,\
            p999Micros,maxMicros,errors,verified,serverCpuSeconds,cpuMicrosPerMessage,peakThreads,\
            clientCpuUtilization,clientBound,machineBound,notes\r
            multiplexing,SUCCEEDED,500,154332.3,9.877,2918.4,5169.2,8831,12288,26509.3,0,true,8.796,5.69,1,0.448,\
            false,false,"Cancelled: the figures cover only what was measured until then.
            Another note, on a line of its own"\r
            """;

    /** One event of a run being watched: one like it about every 500 ms, the last one with the finished run. */
    static final String EVENTS = """
            event:run
            id:232cc848
            data:{"id":"232cc848","status":"RUNNING","progress":0.42,"request":{"models":["multiplexing"],\
            "targets":[],"connections":500,"payloadBytes":64,"durationSeconds":10.0,"messagesPerConnection":null,\
            "warmupSeconds":2.0,"pipeline":1,"ratePerSecond":null,"rampUpSeconds":0.0,"connectTimeoutMs":5000,\
            "responseTimeoutMs":2000},"createdAt":"2026-11-28T06:41:55.677Z","startedAt":"2026-11-28T06:41:55.679Z",\
            "finishedAt":null,"live":{"model":"multiplexing","modelIndex":0,"models":1,"phase":"measuring",\
            "elapsedSeconds":5.04,"progress":0.42,"connectionsEstablished":500,"activeConnections":500,\
            "messages":468210,"messagesPerSecond":153870.0,"p50Micros":2906.1,"p99Micros":8798.2,"errors":0},\
            "results":[]}


            """;

    static final String INVALID_CONNECTIONS = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "connections: must be at most 20000 (echo.stress.max-connections)", "instance": "/api/stress",
             "errors": [{"field": "connections", "message": "must be at most 20000 (echo.stress.max-connections)",
                         "rejected": 100000}]}
            """;

    static final String NO_MODEL = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "models: name at least one model (or a target)", "instance": "/api/stress",
             "errors": [{"field": "models", "message": "name at least one model (or a target)", "rejected": []}]}
            """;

    static final String UNKNOWN_FIELD = """
            {"type": "/problems/malformed-body", "title": "Malformed request body", "status": 400,
             "detail": "Unknown field 'conections'.", "instance": "/api/stress"}
            """;

    static final String TARGET_FORBIDDEN = """
            {"type": "/problems/target-forbidden", "title": "Target not allowed", "status": 403,
             "detail": "'10.0.0.1:7001' is not one of this instance's servers. Only addresses listed exactly in \
            echo.stress.allowed-targets may be loaded.", "instance": "/api/stress"}
            """;

    static final String UNKNOWN_MODEL = """
            {"type": "/problems/unknown-model", "title": "Unknown model", "status": 404,
             "detail": "There is no model 'nope'. Known models: blocking, thread-per-connection, thread-pool.",
             "instance": "/api/stress", "model": "nope",
             "knownModels": ["blocking", "thread-per-connection", "thread-pool"]}
            """;

    static final String UNKNOWN_RUN = """
            {"type": "/problems/unknown-run", "title": "Unknown run", "status": 404,
             "detail": "There is no run 'nope' (deleted, or never stored).",
             "instance": "/api/stress/nope"}
            """;

    static final String RUN_IN_PROGRESS = """
            {"type": "/problems/run-in-progress", "title": "A run is going", "status": 409,
             "detail": "Run 232cc848 is still going; one run at a time. Wait for it or cancel it (DELETE \
            /api/stress/232cc848).", "instance": "/api/stress"}
            """;

    static final String MODEL_STOPPED = """
            {"type": "/problems/model-stopped", "title": "Model not running", "status": 409,
             "detail": "The blocking server is stopped; start it first (POST /api/servers/blocking/start).",
             "instance": "/api/stress"}
            """;

    static final String NOT_FINISHED = """
            {"type": "/problems/run-not-finished", "title": "Run not finished", "status": 409,
             "detail": "Run 232cc848 is RUNNING; its table is ready once it has finished.",
             "instance": "/api/stress/232cc848"}
            """;

    static final String TOO_MANY_WATCHERS = """
            {"type": "/problems/too-many-watchers", "title": "Too many watchers", "status": 503,
             "detail": "There are 32 live streams already, the most this app serves; close one, or poll GET \
            /api/stress/{id}.", "instance": "/api/stress/232cc848/events"}
            """;

    static final String INVALID_QUERY = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "size: must be less than or equal to 100",
             "errors": [{"field": "size", "message": "must be less than or equal to 100", "rejected": 500}],
             "instance": "/api/stress"}
            """;

    private StressExamples() {
    }
}
