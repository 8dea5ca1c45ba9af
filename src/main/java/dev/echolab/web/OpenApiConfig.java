package dev.echolab.web;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}; a copy is committed as
 * {@code docs/openapi.json}). Controllers document their own answers; what every call shares is added here, so no
 * controller, present or future, can forget it: its security ({@code basic} on a mutating call, none declared
 * explicitly on the others), the errors calls share (404 for an unknown {model}, 401 for a mutating call, 406 for an
 * Accept it cannot meet, 413 and 415 for a body, 500), nullable boxed numbers, and the schema fixes of
 * {@link OpenApiSchemas}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Echo Lab API",
                        version = "1",
                        description = """
        Start, stop and watch a TCP echo server per Java IO model. GET calls are open; POST, PUT, PATCH and DELETE \
        need HTTP Basic (user echo.api.username, password echo.api.password or ECHO_API_PASSWORD; with \
        none set, one is generated and logged at start-up). Every error is an RFC 9457 application/problem+json.""",
                        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        // Relative: the document is right wherever the app is reached (a port, a proxy, a container).
        servers = @Server(url = "/", description = "The Echo Lab that serves this document"))
@SecurityScheme(
        name = OpenApiConfig.BASIC,
        type = SecuritySchemeType.HTTP,
        scheme = "basic",
        description = "echo.api.username / echo.api.password")
class OpenApiConfig {

    static final String BASIC = "basic";

    private static final Set<PathItem.HttpMethod> MUTATING = Set.of(
            PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);
    private static final Set<Class<?>> BOXED =
            Set.of(Integer.class, Long.class, Double.class, Float.class, Short.class, Byte.class, Boolean.class);
    private static final String PROBLEM = "ProblemDetail";

    @Bean
    OpenApiCustomizer sharedByEveryCall() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            OpenApiSchemas.nullableReferences(openApi.getComponents().getSchemas());
            OpenApiSchemas.alternativesAlone(openApi.getComponents().getSchemas());
            OpenApiSchemas.answersAreComplete(openApi, PROBLEM);
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.readOperationsMap().forEach((method, operation) -> addShared(path, method, operation));
                }
            });
        };
    }

    /**
     * A boxed number or boolean in a record of this API is boxed because it may be null (a latency before the first
     * echo, the port of a stopped server, a request field left to its default): say so, so that a generated client
     * does not read a null into a primitive.
     */
    @Bean
    PropertyCustomizer boxedIsNullable() {
        return (property, type) -> {
            if (type.getType() instanceof com.fasterxml.jackson.databind.JavaType javaType
                    && BOXED.contains(javaType.getRawClass())
                    && property.getTypes() != null) {
                property.addType("null");
            }
            return property;
        };
    }

    private static void addShared(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (path.contains("{model}")) {
            problem(operation, "404", "No such model", ProblemExamples.UNKNOWN_MODEL);
        }
        if (MUTATING.contains(method)) {
            operation.addSecurityItem(new SecurityRequirement().addList(BASIC));
            problem(operation, "401", "No or wrong credentials", ProblemExamples.UNAUTHORIZED);
            problem(
                    operation,
                    "403",
                    "Sent from another site's page (Origin or Sec-Fetch-Site)",
                    ProblemExamples.CROSS_SITE);
            problem(
                    operation,
                    "429",
                    "Wrong credentials for this user from this address slow its attempts down, and too many of "
                            + "those are waiting; see Retry-After",
                    ProblemExamples.TOO_MANY_FAILED_ATTEMPTS);
        } else {
            operation.setSecurity(new ArrayList<>()); // open: "security: []" says so, where none would say nothing
        }
        problem(
                operation,
                "406",
                "An Accept header that none of this call's media types meets",
                ProblemExamples.NOT_ACCEPTABLE);
        if (operation.getRequestBody() != null) {
            problem(operation, "413", "A body over 64 KiB", ProblemExamples.TOO_LARGE);
            problem(operation, "415", "A body that is not application/json", ProblemExamples.UNSUPPORTED_MEDIA_TYPE);
        }
        problem(
                operation,
                "500",
                "Something unexpected; the body has no stack trace, the server log has it",
                ProblemExamples.INTERNAL_ERROR);
    }

    private static Object json(String example) {
        try {
            return Json.mapper().readTree(example);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalStateException("ApiExamples holds an example that is not JSON: " + example, e);
        }
    }

    /**
     * What an error body looks like on the wire. The schema springdoc derives from {@code ProblemDetail} shows its
     * {@code properties} map as a member; Jackson writes its entries as members of their own.
     */
    private static Schema<?> problemSchema() {
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

    private static void problem(Operation operation, String code, String description, String example) {
        if (operation.getResponses().containsKey(code)) {
            return;
        }
        MediaType body = new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                .addExamples("example", new Example().value(json(example)));
        operation
                .getResponses()
                .addApiResponse(
                        code,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                                body)));
    }
}
