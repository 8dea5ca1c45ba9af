package dev.echolab.web;

/** Example problem bodies shared by every operation, for the OpenAPI description, taken from a running app. */
final class ProblemExamples {


    static final String UNKNOWN_MODEL = """
            {"type": "https://echolab.dev/problems/unknown-model", "title": "Unknown model", "status": 404,
             "detail": "There is no model 'nope'. Known models: blocking, thread-per-connection, thread-pool.",
             "instance": "/api/servers/nope", "model": "nope",
             "knownModels": ["blocking", "thread-per-connection", "thread-pool"]}
            """;

    static final String UNAUTHORIZED = """
            {"type": "https://echolab.dev/problems/unauthorized", "title": "Unauthorized", "status": 401,
             "detail": "This call changes state and needs HTTP Basic credentials (echo.api.username / \
            echo.api.password).",
             "instance": "/api/servers/thread-pool/stop"}
            """;

    static final String NOT_ACCEPTABLE = """
            {"type": "about:blank", "title": "Not Acceptable", "status": 406,
             "detail": "Acceptable representations: [application/json].", "instance": "/api/models"}
            """;

    static final String TOO_LARGE = """
            {"type": "about:blank", "title": "Content Too Large", "status": 413,
             "detail": "The request body is larger than 65536 bytes, the limit for /api calls.",
             "instance": "/api/servers/thread-pool/start"}
            """;

    static final String UNSUPPORTED_MEDIA_TYPE = """
            {"type": "about:blank", "title": "Unsupported Media Type", "status": 415,
             "detail": "Content-Type 'text/plain' is not supported.", "instance": "/api/servers/thread-pool/start"}
            """;

    static final String INTERNAL_ERROR = """
            {"type": "about:blank", "title": "Internal Server Error", "status": 500,
             "detail": "Something went wrong on our side; the server log has the details.",
             "instance": "/api/servers"}
            """;

    private ProblemExamples() {
    }
}
