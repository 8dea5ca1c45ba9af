package dev.echolab.web;

/** Example problem bodies shared by every operation, for the OpenAPI description, taken from a running app. */
final class ProblemExamples {

    static final String UNKNOWN_MODEL = """
            {"type": "/problems/unknown-model", "title": "Unknown model", "status": 404,
             "detail": "There is no model 'nope'. Known models: blocking, thread-per-connection, thread-pool.",
             "instance": "/api/servers/nope", "model": "nope",
             "knownModels": ["blocking", "thread-per-connection", "thread-pool"]}
            """;

    static final String UNAUTHORIZED = """
            {"type": "/problems/unauthorized", "title": "Unauthorized", "status": 401,
             "detail": "This call changes state and needs HTTP Basic credentials (echo.api.username / \
            echo.api.password).",
             "instance": "/api/servers/thread-pool/stop"}
            """;

    static final String CROSS_SITE = """
            {"type": "/problems/cross-site-request", "title": "Cross-site request refused", "status": 403,
             "detail": "Origin https://elsewhere.example is not this app's. Calls that change state are taken only \
            from this app's own pages and from clients that are not browsers.",
             "instance": "/api/servers/thread-pool/stop"}
            """;

    static final String TOO_MANY_FAILED_ATTEMPTS = """
            {"type": "/problems/too-many-failed-attempts", "title": "Too many failed attempts", "status": 429,
             "detail": "32 attempts after wrong credentials are waiting already; try again in 6 s.",
             "instance": "/api/servers/thread-pool/stop"}
            """;

    static final String NOT_ACCEPTABLE = """
            {"type": "about:blank", "title": "Not Acceptable", "status": 406,
             "detail": "Acceptable representations: [application/json].", "instance": "/api/models"}
            """;

    static final String TOO_LARGE = """
            {"type": "about:blank", "title": "Content Too Large", "status": 413,
             "detail": "The request body is larger than 65536 bytes, the limit of this app.",
             "instance": "/api/servers/thread-pool/start"}
            """;

    static final String UNSUPPORTED_MEDIA_TYPE = """
            {"type": "/problems/json-only", "title": "JSON only", "status": 415,
             "detail": "Content-Type 'text/plain' is refused: calls that change state take application/json, or no \
            body.", "instance": "/api/servers/thread-pool/start"}
            """;

    static final String INTERNAL_ERROR = """
            {"type": "about:blank", "title": "Internal Server Error", "status": 500,
             "detail": "Something went wrong on our side; the server log has the details.",
             "instance": "/api/servers"}
            """;

    private ProblemExamples() {}
}
