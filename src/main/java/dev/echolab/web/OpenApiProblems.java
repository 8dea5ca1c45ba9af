package dev.echolab.web;

import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * The problem answers of the OpenAPI document, keyed on the {@link ProblemType}s: those a call declares with
 * {@link ProblemAnswer}, and those every call shares ({@link #addShared}: 404 for an unknown {model}, 401, 403 and 429
 * for a mutating call, 406 for an Accept it cannot meet, 413 and 415 for a body, 500). Each is an
 * {@code application/problem+json} answer of the {@value #SCHEMA} schema, with its examples by reference.
 */
@Component
class OpenApiProblems implements OperationCustomizer {

    static final String SCHEMA = "ProblemDetail";

    /** The slug of the 404 every call with a {model} in its path may answer (the servers' unknown-model). */
    private static final String UNKNOWN_MODEL = "unknown-model";

    private final OpenApiExamples examples;
    private final Map<String, ProblemType> bySlug = new LinkedHashMap<>();

    OpenApiProblems(OpenApiExamples examples, List<ProblemTypeCatalog> catalogs) {
        this.examples = examples;
        catalogs.forEach(c -> c.types().forEach(t -> bySlug.put(t.definition().slug(), t)));
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        for (ProblemAnswer answer : handler.getMethod().getAnnotationsByType(ProblemAnswer.class)) {
            add(operation, handler, answer);
        }
        return operation;
    }

    private void add(Operation operation, HandlerMethod handler, ProblemAnswer answer) {
        String call = handler.getShortLogMessage();
        ProblemType[] types = Arrays.stream(answer.value())
                .map(slug -> {
                    ProblemType type = bySlug.get(slug);
                    if (type == null) {
                        throw new IllegalStateException(
                                call + " declares the problem type " + slug + ", which no feature answers with");
                    }
                    return type;
                })
                .toArray(ProblemType[]::new);
        Set<Integer> statuses =
                Arrays.stream(types).map(t -> t.status().value()).collect(Collectors.toSet());
        if (statuses.size() != 1) {
            throw new IllegalStateException(call + " declares problems of different statuses in one answer: "
                    + Arrays.toString(answer.value()));
        }
        Map<String, String> refs = new LinkedHashMap<>();
        for (ExampleObject example : answer.examples()) {
            ProblemType type = typeOf(call, example.ref(), types);
            refs.put(example.name().isEmpty() ? type.definition().slug() : example.name(), example.ref());
        }
        ApiResponse response = response(answer.description(), refs);
        if (answer.retryAfter()) {
            response.addHeaderObject(
                    HttpHeaders.RETRY_AFTER,
                    new Header()
                            .style(Header.StyleEnum.SIMPLE)
                            .schema(new IntegerSchema().format(null).example(5)));
        }
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation
                .getResponses()
                .addApiResponse(Integer.toString(statuses.iterator().next()), response);
    }

    /** The type of the example {@code name}, which must be one of {@code types}. */
    private ProblemType typeOf(String call, String name, ProblemType... types) {
        Object value = examples.value(name);
        if (value == null) {
            throw new IllegalStateException(call + " refers to the example " + name + ", which "
                    + OpenApiExamples.DIRECTORY + " does not hold");
        }
        String type = value instanceof com.fasterxml.jackson.databind.JsonNode json && json.has("type")
                ? json.get("type").asText()
                : null;
        return Arrays.stream(types)
                .filter(t -> t.uri().toString().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(call + ": the example " + name + " is of type " + type
                        + ", not of one of "
                        + Arrays.stream(types).map(t -> t.definition().slug()).toList()));
    }

    /** Adds the answers every call under /api shares, unless the call declared its own for that status. */
    static void addShared(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (path.contains("{model}")) {
            shared(operation, "404", "No such model", UNKNOWN_MODEL);
        }
        if (OpenApiConfig.MUTATING.contains(method)) {
            shared(
                    operation,
                    "401",
                    "No or wrong credentials",
                    RequestProblemType.UNAUTHORIZED.definition().slug());
            shared(
                    operation,
                    "403",
                    "Sent from another site's page (Origin or Sec-Fetch-Site)",
                    RequestProblemType.CROSS_SITE_REQUEST.definition().slug());
            shared(
                    operation,
                    "429",
                    "Wrong credentials for this user from this address slow its attempts down, and too many of "
                            + "those are waiting; see Retry-After",
                    RequestProblemType.TOO_MANY_FAILED_ATTEMPTS.definition().slug());
        }
        shared(operation, "406", "An Accept header that none of this call's media types meets", "not-acceptable");
        if (operation.getRequestBody() != null) {
            shared(operation, "413", "A body over 64 KiB", "content-too-large");
            shared(
                    operation,
                    "415",
                    "A body that is not application/json",
                    RequestProblemType.JSON_ONLY.definition().slug());
        }
        shared(
                operation,
                "500",
                "Something unexpected; the body has no stack trace, the server log has it",
                "internal-error");
    }

    /** A shared answer, its example {@code problem-<slug>} (a type's slug, or one for a status that says it all). */
    private static void shared(Operation operation, String code, String description, String slug) {
        if (!operation.getResponses().containsKey(code)) {
            operation.getResponses().addApiResponse(code, response(description, Map.of(slug, "problem-" + slug)));
        }
    }

    private static ApiResponse response(String description, Map<String, String> examples) {
        MediaType body = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA));
        examples.forEach((name, ref) -> body.addExamples(name, new Example().$ref(ref)));
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE, body));
    }

    /**
     * What an error body looks like on the wire. The schema springdoc derives from {@code ProblemDetail} shows its
     * {@code properties} map as a member; Jackson writes its entries as members of their own.
     */
    static Schema<?> schema() {
        return new ObjectSchema()
                .description("RFC 9457 problem. Some types add members of their own: errors (invalid-request), "
                        + "model and knownModels (unknown-model), bindAddress, port and reason (cannot-bind).")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri-reference")
                                .description(
                                        "What kind of problem: "
                                                + "a page of this app (/problems/...) that explains it; about:blank when the status says it all"))
                .addProperty("title", new StringSchema().description("Short summary of the type"))
                .addProperty("status", new IntegerSchema().description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong this time, for a person"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").description("The request path"))
                .additionalProperties(true);
    }
}
