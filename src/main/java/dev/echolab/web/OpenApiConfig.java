package dev.echolab.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
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
 * explicitly on the others), the problem answers calls share ({@link OpenApiProblems}), nullable boxed numbers, and
 * the schema fixes of {@link OpenApiSchemas}. The examples are files ({@link OpenApiExamples}).
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

    static final Set<PathItem.HttpMethod> MUTATING = Set.of(
            PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);
    private static final Set<Class<?>> BOXED =
            Set.of(Integer.class, Long.class, Double.class, Float.class, Short.class, Byte.class, Boolean.class);

    @Bean
    OpenApiCustomizer sharedByEveryCall() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(OpenApiProblems.SCHEMA, OpenApiProblems.schema());
            OpenApiSchemas.nullableReferences(openApi.getComponents().getSchemas());
            OpenApiSchemas.alternativesAlone(openApi.getComponents().getSchemas());
            OpenApiSchemas.answersAreComplete(openApi, OpenApiProblems.SCHEMA);
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.readOperationsMap().forEach((method, operation) -> {
                        secure(method, operation);
                        OpenApiProblems.addShared(path, method, operation);
                    });
                }
            });
        };
    }

    private static void secure(PathItem.HttpMethod method, Operation operation) {
        if (MUTATING.contains(method)) {
            operation.addSecurityItem(new SecurityRequirement().addList(BASIC));
        } else {
            operation.setSecurity(new ArrayList<>()); // open: "security: []" says so, where none would say nothing
        }
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
}
