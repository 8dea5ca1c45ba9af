package dev.echolab.server;

/**
 * Example bodies of the servers API for the OpenAPI description, taken from a running app ({@code GET /api/models}'s
 * are rendered from {@link IoModel}: {@link ModelsApiExamples}).
 */
final class ServerExamples {

    static final String SERVER_RUNNING = """
            {"model": "thread-pool", "state": "RUNNING", "bindAddress": "127.0.0.1", "port": 7003,
             "startedAt": "2026-11-28T06:30:12.345Z",
             "connections": {"active": 1, "accepted": 3,
                             "rejected": {"over-limit": 0, "accept-error": 0, "no-thread": 0}},
             "bytes": {"received": 6, "sent": 6},
             "errors": {"reset": 0, "idle-timeout": 0, "io": 0},
             "threads": 33, "cpuSeconds": 0.0123, "loop": {"iterations": 0, "idle": 0}, "lastError": null,
             "transport": null}
            """;

    static final String SERVER_STOPPED = """
            {"model": "thread-pool", "state": "STOPPED", "bindAddress": "127.0.0.1", "port": null,
             "startedAt": null,
             "connections": {"active": 0, "accepted": 3,
                             "rejected": {"over-limit": 0, "accept-error": 0, "no-thread": 0}},
             "bytes": {"received": 6, "sent": 6},
             "errors": {"reset": 0, "idle-timeout": 0, "io": 0},
             "threads": 0, "cpuSeconds": 0.0125, "loop": {"iterations": 0, "idle": 0}, "lastError": null,
             "transport": null}
            """;

    static final String SERVERS = "[" + SERVER_RUNNING + "]";

    static final String CANNOT_BIND = """
            {"type": "/problems/cannot-bind", "title": "Cannot bind", "status": 409,
             "detail": "thread-pool cannot listen on 127.0.0.1:7003: Address already in use. The server stays \
            STOPPED; start it on another port or free this one.",
             "instance": "/api/servers/thread-pool/start", "model": "thread-pool", "bindAddress": "127.0.0.1",
             "port": 7003, "reason": "Address already in use"}
            """;

    static final String RUNNING_ELSEWHERE = """
            {"type": "/problems/running-elsewhere", "title": "Already running on another port",
             "status": 409, "detail": "thread-pool is already running on port 7003; stop it first to move it to \
            port 17003.", "instance": "/api/servers/thread-pool/start", "model": "thread-pool", "port": 7003}
            """;

    static final String UNAVAILABLE = """
            {"type": "/problems/model-unavailable", "title": "Model unavailable", "status": 409,
             "detail": "io-uring cannot run on this machine: io_uring is not available on this machine: failed to \
            allocate memory for io_uring ring; try raising memlock limit (see getrlimit(RLIMIT_MEMLOCK, ...) or \
            ulimit -l): Operation not permitted", "instance": "/api/servers/io-uring/start", "model": "io-uring",
             "reason": "io_uring is not available on this machine: failed to allocate memory for io_uring ring; try \
            raising memlock limit (see getrlimit(RLIMIT_MEMLOCK, ...) or ulimit -l): Operation not permitted"}
            """;

    static final String START_FAILED = """
            {"type": "/problems/start-failed", "title": "Start failed", "status": 500,
             "detail": "io-uring could not start: failed to create a child event loop: failed to create io_uring ring \
            fd: Cannot allocate memory. The server is FAILED; the rest of the app runs.",
             "instance": "/api/servers/io-uring/start", "model": "io-uring",
             "reason": "failed to create a child event loop: failed to create io_uring ring fd: Cannot allocate memory"}
            """;

    static final String PORT_OUT_OF_RANGE = """
            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "port: must be between 0 and 65535 (0 = any free port)",
             "instance": "/api/servers/thread-pool/start",
             "errors": [{"field": "port", "message": "must be between 0 and 65535 (0 = any free port)",
                         "rejected": 70000}]}
            """;

    static final String MALFORMED_JSON = """
            {"type": "/problems/malformed-body", "title": "Malformed request body", "status": 400,
             "detail": "The body is not valid JSON (line 1, column 10).",
             "instance": "/api/servers/thread-pool/start"}
            """;

    private ServerExamples() {}
}
