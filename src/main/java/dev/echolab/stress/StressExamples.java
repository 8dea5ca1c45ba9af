package dev.echolab.stress;

/**
 * Example bodies of {@code /api/stress} for the OpenAPI description, as a running app answered them (a 2-core
 * machine, busy): short runs of {@code multiplexing} and of {@code netty} given as a target with its model (one
 * followed from start to end, one watched while measuring), and one with a plain {@code "host:port"} target,
 * cancelled. Only the {@code latencyHistogram}s are cut down, to a valid one of three values, and the figures a
 * result gained since (the {@code integrity} counts of unserved and unanswered bytes, {@code cost.cpuUtilization},
 * {@code client.idleShare}, {@code sendLag} and {@code boundBy}) are filled in from the figures beside them, not
 * measured.
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

    /** The answer to a POST: the run, queued; it starts at once. */
    static final String RUN_QUEUED = """
            {"id": "f677834a", "status": "QUEUED", "progress": 0.0,
             "request": {"models": ["multiplexing"], "targets": [{"address": "127.0.0.1:7909", "model": "netty"}],
                         "connections": 50, "payloadBytes": 64, "durationSeconds": 2.0, "messagesPerConnection": null,
                         "warmupSeconds": 1.0, "pipeline": 1, "ratePerSecond": null, "rampUpSeconds": 0.0,
                         "connectTimeoutMs": 5000, "responseTimeoutMs": 2000, "idleConnections": 0, "threads": null},
             "createdAt": "2026-11-30T14:56:48.727598124Z", "startedAt": "2026-11-30T14:56:48.729743603Z",
             "finishedAt": null, "live": null, "results": [],
             "manifest": {"commit": "315da53", "jdk": "Eclipse Adoptium 25.0.3+9-LTS",
                          "jvmFlags": "-XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED", "cores": 2,
                          "loadAverage": 13.56},
             "storage": {"status": "PENDING", "detail": null}, "sharding": null}
            """;

    static final String RUN_RUNNING = """
            {"id": "0a729136", "status": "RUNNING", "progress": 0.387,
             "request": {"models": ["multiplexing"], "targets": [{"model": "netty", "address": "127.0.0.1:7909"}],
                         "connections": 50, "payloadBytes": 64, "durationSeconds": 2.0, "messagesPerConnection": null,
                         "warmupSeconds": 1.0, "pipeline": 1, "ratePerSecond": null, "rampUpSeconds": 0.0,
                         "connectTimeoutMs": 5000, "responseTimeoutMs": 2000, "idleConnections": 0, "threads": null},
             "createdAt": "2026-11-30T14:53:55.277960703Z", "startedAt": "2026-11-30T14:53:55.278912646Z",
             "finishedAt": null,
             "live": {"model": "multiplexing", "modelIndex": 0, "models": 2, "phase": "measuring",
                      "elapsedSeconds": 2.32, "progress": 0.773, "connectionsEstablished": 50, "activeConnections": \
            50,
                      "messages": 149413, "messagesPerSecond": 108210.4, "p50Micros": 265.7, "p99Micros": 4263.9,
                      "errors": 0},
             "results": [],
             "manifest": {"commit": "315da53", "jdk": "Eclipse Adoptium 25.0.3+9-LTS",
                          "jvmFlags": "-XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED", "cores": 2,
                          "loadAverage": 3.85},
             "storage": {"status": "PENDING", "detail": null}, "sharding": null}
            """;

    static final String RUN_SUCCEEDED = """
            {"id": "f677834a", "status": "SUCCEEDED", "progress": 1.0,
             "request": {"models": ["multiplexing"], "targets": [{"address": "127.0.0.1:7909", "model": "netty"}],
                         "connections": 50, "payloadBytes": 64, "durationSeconds": 2.0, "messagesPerConnection": null,
                         "warmupSeconds": 1.0, "pipeline": 1, "ratePerSecond": null, "rampUpSeconds": 0.0,
                         "connectTimeoutMs": 5000, "responseTimeoutMs": 2000, "idleConnections": 0, "threads": null},
             "createdAt": "2026-11-30T14:56:48.727598124Z", "startedAt": "2026-11-30T14:56:48.729743603Z",
             "finishedAt": "2026-11-30T14:56:54.931791718Z", "live": null,
             "results": [{"model": "multiplexing", "repeat": 1, "status": "SUCCEEDED", "target": "127.0.0.1:7905",
                          "startedAt": "2026-11-30T14:56:48.735208886Z", "finishedAt": \
            "2026-11-30T14:56:51.782128166Z",
                          "measuredSeconds": 2.0,
                          "connections": {"requested": 50, "established": 50, "failed": 0, "idleRequested": 0,
                                          "idleHeld": 0},
                          "messages": {"sent": 8392, "echoed": 8392, "unsent": 0},
                          "bytes": {"sent": 537088, "echoed": 537088},
                          "throughput": {"messagesPerSecond": 4171.0, "bytesPerSecond": 266944.0},
                          "latencyMicros": {"min": 385.8, "p50": 1691.6, "p90": 5341.2, "p99": 311689.2,
                                            "p999": 521666.6, "max": 522715.1, "mean": 11814.7},
                          "errors": {"connectRefused": 0, "connectTimeout": 0, "reset": 0, "responseTimeout": 0,
                                     "mismatch": 0, "closedEarly": 0},
                          "integrity": {"verified": true, "mismatches": 0, "missingBytes": 0,
                                        "firstMismatchOffset": null, "bytesVerified": 1356864,
                                        "unserved": 0, "unservedBytes": 0, "unansweredBytes": 0},
                          "cost": {"serverCpuSeconds": 0.048, "cpuMicrosPerMessage": 5.72, "peakThreads": 1,
                                   "cpuUtilization": 0.023},
                          "client": {"threads": 2, "cpuSeconds": 0.075, "cpuUtilization": 0.018,
                                     "cpuMicrosPerMessage": 8.91, "idleShare": 0.9,
                                     "sendLag": null, "boundBy": []},
                          "clientBound": false, "machineBound": true,
                          "notes": ["The whole machine's CPU was at least 90% busy over the measured window: the \
            server and the load generator shared it, so neither figure is the bottleneck's alone."],
                          "latencyHistogram": "HISTFAAAACl4nJNpmSzMwMDAxQABzFCaEUzW//9v/wEisLOXkWm+KNNhXSYAmOQH8g==",
                          "measuredFrom": 1796050609735529, "measuredTo": 1796050611735529,
                          "perSecond": [{"t": 1796050609, "messages": 2573, "bytes": 164672},
                                        {"t": 1796050610, "messages": 3984, "bytes": 254976},
                                        {"t": 1796050611, "messages": 1785, "bytes": 114240}],
                          "shard": null},
                         {"model": "netty", "repeat": 1, "status": "SUCCEEDED", "target": "127.0.0.1:7909",
                          "startedAt": "2026-11-30T14:56:51.825902073Z", "finishedAt": \
            "2026-11-30T14:56:54.908947867Z",
                          "measuredSeconds": 2.0,
                          "connections": {"requested": 50, "established": 50, "failed": 0, "idleRequested": 0,
                                          "idleHeld": 0},
                          "messages": {"sent": 45701, "echoed": 45701, "unsent": 0},
                          "bytes": {"sent": 2924864, "echoed": 2924864},
                          "throughput": {"messagesPerSecond": 22825.5, "bytesPerSecond": 1460832.0},
                          "latencyMicros": {"min": 81.3, "p50": 917.5, "p90": 4927.5, "p99": 12492.8, "p999": 87556.1,
                                            "max": 168558.6, "mean": 2178.9},
                          "errors": {"connectRefused": 0, "connectTimeout": 0, "reset": 0, "responseTimeout": 0,
                                     "mismatch": 0, "closedEarly": 0},
                          "integrity": {"verified": true, "mismatches": 0, "missingBytes": 0,
                                        "firstMismatchOffset": null, "bytesVerified": 3030720,
                                        "unserved": 0, "unservedBytes": 0, "unansweredBytes": 0},
                          "cost": {"serverCpuSeconds": null, "cpuMicrosPerMessage": null, "peakThreads": null,
                                   "cpuUtilization": null},
                          "client": {"threads": 2, "cpuSeconds": 0.333, "cpuUtilization": 0.08,
                                     "cpuMicrosPerMessage": 7.28, "idleShare": 0.87,
                                     "sendLag": null, "boundBy": []},
                          "clientBound": false, "machineBound": true,
                          "notes": ["The whole machine's CPU was at least 90% busy over the measured window: the \
            server and the load generator shared it, so neither figure is the bottleneck's alone."],
                          "latencyHistogram": "HISTFAAAACl4nJNpmSzMwMDAxQABzFCaEUzW//9v/wEisLOXkWm+KNNhXSYAmOQH8g==",
                          "measuredFrom": 1796050612825907, "measuredTo": 1796050614825907,
                          "perSecond": [{"t": 1796050612, "messages": 34, "bytes": 2176},
                                        {"t": 1796050613, "messages": 22236, "bytes": 1423104},
                                        {"t": 1796050614, "messages": 23381, "bytes": 1496384}],
                          "shard": null}],
             "manifest": {"commit": "315da53", "jdk": "Eclipse Adoptium 25.0.3+9-LTS",
                          "jvmFlags": "-XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED", "cores": 2,
                          "loadAverage": 13.56},
             "storage": {"status": "STORED", "detail": null}, "sharding": null}
            """;

    static final String RUN_CANCELLED = """
            {"id": "9d10ecab", "status": "CANCELLED", "progress": 0.5,
             "request": {"models": ["multiplexing"], "targets": ["127.0.0.1:7909"], "connections": 20,
                         "payloadBytes": 64, "durationSeconds": 5.0, "messagesPerConnection": null, \
            "warmupSeconds": 0.5,
                         "pipeline": 1, "ratePerSecond": null, "rampUpSeconds": 0.0, "connectTimeoutMs": 5000,
                         "responseTimeoutMs": 2000, "idleConnections": 0, "threads": null},
             "createdAt": "2026-11-30T14:54:11.602347826Z", "startedAt": "2026-11-30T14:54:11.609308238Z",
             "finishedAt": "2026-11-30T14:54:14.150339569Z", "live": null,
             "results": [{"model": "multiplexing", "repeat": 1, "status": "CANCELLED", "target": "127.0.0.1:7905",
                          "startedAt": "2026-11-30T14:54:11.609373167Z", "finishedAt": \
            "2026-11-30T14:54:14.133020934Z",
                          "measuredSeconds": 2.023,
                          "connections": {"requested": 20, "established": 20, "failed": 0, "idleRequested": 0,
                                          "idleHeld": 0},
                          "messages": {"sent": 174145, "echoed": 174125, "unsent": 0},
                          "bytes": {"sent": 11145280, "echoed": 11144000},
                          "throughput": {"messagesPerSecond": 86055.4, "bytesPerSecond": 5507547.9},
                          "latencyMicros": {"min": 13.9, "p50": 114.2, "p90": 177.7, "p99": 3799.0, "p999": 17203.2,
                                            "max": 45514.8, "mean": 230.4},
                          "errors": {"connectRefused": 0, "connectTimeout": 0, "reset": 0, "responseTimeout": 0,
                                     "mismatch": 0, "closedEarly": 0},
                          "integrity": {"verified": true, "mismatches": 0, "missingBytes": 0,
                                        "firstMismatchOffset": null, "bytesVerified": 12122688,
                                        "unserved": 0, "unservedBytes": 0, "unansweredBytes": 0},
                          "cost": {"serverCpuSeconds": 1.053, "cpuMicrosPerMessage": 6.05, "peakThreads": 1,
                                   "cpuUtilization": 0.52},
                          "client": {"threads": 2, "cpuSeconds": 1.216, "cpuUtilization": 0.3,
                                     "cpuMicrosPerMessage": 6.98, "idleShare": 0.41,
                                     "sendLag": null, "boundBy": []},
                          "clientBound": false, "machineBound": true,
                          "notes": ["Cancelled: the figures cover only what was measured until then.",
                                    "The whole machine's CPU was at least 90% busy over the measured window: the \
            server and the load generator shared it, so neither figure is the bottleneck's alone."],
                          "latencyHistogram": "HISTFAAAACl4nJNpmSzMwMDAxQABzFCaEUzW//9v/wEisLOXkWm+KNNhXSYAmOQH8g==",
                          "measuredFrom": 1796050452109485, "measuredTo": 1796050454132890,
                          "perSecond": [{"t": 1796050452, "messages": 78173, "bytes": 5003072},
                                        {"t": 1796050453, "messages": 86947, "bytes": 5564608},
                                        {"t": 1796050454, "messages": 9005, "bytes": 576320}],
                          "shard": null}],
             "manifest": {"commit": "315da53", "jdk": "Eclipse Adoptium 25.0.3+9-LTS",
                          "jvmFlags": "-XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED", "cores": 2,
                          "loadAverage": 4.65},
             "storage": {"status": "STORED", "detail": null}, "sharding": null}
            """;

    static final String RUNS = "[" + RUN_RUNNING + "," + RUN_SUCCEEDED + "]";

    static final String MARKDOWN = """
            Stress run f677834a: SUCCEEDED. 50 connections × 64 B, closed loop (pipeline 1), 2 s after 1 s warm-up.

            | model | status | connections | msg/s | MB/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | errors | \
            verified | server CPU s | CPU µs/msg | peak threads | client CPU | client-bound | machine-bound |
            |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|
            | multiplexing | SUCCEEDED | 50 | 4,171 | 0.267 | 1,692 | 5,341 | 311,689 | 521,667 | 522,715 | 0 | yes \
            | 0.048 | 5.72 | 1 | 2% | no | yes |
            | netty | SUCCEEDED | 50 | 22,826 | 1.46 | 918 | 4,928 | 12,493 | 87,556 | 168,559 | 0 | yes | – | – | \
            – | 8% | no | yes |

            Notes:

            - **multiplexing**: The whole machine's CPU was at least 90% busy over the measured window: the server \
            and the load generator shared it, so neither figure is the bottleneck's alone.
            - **netty**: The whole machine's CPU was at least 90% busy over the measured window: the server and the \
            load generator shared it, so neither figure is the bottleneck's alone.
            """;

    static final String CSV = """
            model,status,connectionsEstablished,messagesPerSecond,megabytesPerSecond,p50Micros,p90Micros,p99Micros,\
            p999Micros,maxMicros,errors,verified,serverCpuSeconds,cpuMicrosPerMessage,peakThreads,\
            clientCpuUtilization,clientBound,machineBound,notes\r
            multiplexing,SUCCEEDED,50,4171,0.267,1691.6,5341.2,311689.2,521666.6,522715.1,0,true,0.048,5.72,1,0.018,\
            false,true,"The whole machine's CPU was at least 90% busy over the measured window: the server and the \
            load generator shared it, so neither figure is the bottleneck's alone."\r
            netty,SUCCEEDED,50,22825.5,1.461,917.5,4927.5,12492.8,87556.1,168558.6,0,true,,,,0.08,false,true,"The \
            whole machine's CPU was at least 90% busy over the measured window: the server and the load generator \
            shared it, so neither figure is the bottleneck's alone."\r
            """;

    /** One event of a run being watched: one like it about every 500 ms, the last one with the finished run. */
    static final String EVENTS = """
            event:run
            id:0a729136
            data:{"id":"0a729136","status":"RUNNING","progress":0.387,"request":{"models":["multiplexing"],"targets":[{"m\
            odel":"netty","address":"127.0.0.1:7909"}],"connections":50,"payloadBytes":64,"durationSeconds":2.0,"mes\
            sagesPerConnection":null,"warmupSeconds":1.0,"pipeline":1,"ratePerSecond":null,"rampUpSeconds":0.0,"conn\
            ectTimeoutMs":5000,"responseTimeoutMs":2000,"idleConnections":0,"threads":null},"createdAt":"2026-11-30T\
            14:53:55.277960703Z","startedAt":"2026-11-30T14:53:55.278912646Z","finishedAt":null,"live":{"model":"mul\
            tiplexing","modelIndex":0,"models":2,"phase":"measuring","elapsedSeconds":2.32,"progress":0.773,"connect\
            ionsEstablished":50,"activeConnections":50,"messages":149413,"messagesPerSecond":108210.4,"p50Micros":26\
            5.7,"p99Micros":4263.9,"errors":0},"results":[],"manifest":{"commit":"315da53","jdk":"Eclipse Adoptium 2\
            5.0.3+9-LTS","jvmFlags":"-XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED","cores":2,"loadAver\
            age":3.85},"storage":{"status":"PENDING","detail":null},"sharding":null}


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
             "detail": "Run 0a729136 is still going; one run at a time. Wait for it or cancel it (DELETE \
            /api/stress/0a729136).", "instance": "/api/stress"}
            """;

    static final String MODEL_STOPPED = """
            {"type": "/problems/model-stopped", "title": "Model not running", "status": 409,
             "detail": "The blocking server is stopped; start it first (POST /api/servers/blocking/start).",
             "instance": "/api/stress"}
            """;

    static final String NOT_FINISHED = """
            {"type": "/problems/run-not-finished", "title": "Run not finished", "status": 409,
             "detail": "Run 0a729136 is RUNNING; its table is ready once it has finished.",
             "instance": "/api/stress/0a729136"}
            """;

    static final String TOO_MANY_WATCHERS = """
            {"type": "/problems/too-many-watchers", "title": "Too many watchers", "status": 503,
             "detail": "There are 32 live streams already, the most this app serves; close one, or poll GET \
            /api/stress/{id}.", "instance": "/api/stress/0a729136/events"}
            """;

    static final String HISTORY_UNAVAILABLE = """
            {"type": "/problems/history-unavailable", "title": "History unavailable", "status": 503,
             "detail": "The history database cannot be reached now (java.net.ConnectException: Connection refused), \
            so stored runs cannot be read. Runs of this process, and runs waiting to be stored, are still listed by \
            GET /api/stress.", "instance": "/api/stress/0a729136"}
            """;

    static final String INVALID_QUERY = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "size: must be less than or equal to 100",
             "errors": [{"field": "size", "message": "must be less than or equal to 100", "rejected": 500}],
             "instance": "/api/stress"}
            """;

    private StressExamples() {}
}
