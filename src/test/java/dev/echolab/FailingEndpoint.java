package dev.echolab;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A test-only endpoint that fails with an unexpected exception, to see what a 500 looks like over HTTP. A route,
 * not a {@code @RestController}: component scanning would find a controller class and register it twice.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FailingEndpoint {

    public static final String PATH = "/api/test/failure";
    /** Is in the exception's message, so must be in the log and never in the response. */
    public static final String SECRET = "connection string with a password in it";

    @Bean
    RouterFunction<ServerResponse> failingEndpoint() {
        return RouterFunctions.route()
                .GET(PATH, request -> {
                    throw new IllegalStateException(SECRET);
                })
                .build();
    }
}
