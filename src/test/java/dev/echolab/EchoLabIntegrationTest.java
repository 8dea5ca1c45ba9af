package dev.echolab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one Spring context of the integration tests: the whole app over real HTTP on a random port, every echo server
 * on an ephemeral port (src/test/resources/config/application.yml), and known API credentials. Every
 * {@code @SpringBootTest} class that uses this annotation and nothing else shares one cached context; a class that
 * adds properties or beans of its own starts another (about 5 s on two cores), so don't, without a reason.
 * Tests share that context's echo servers: a test that needs one running starts it (start is idempotent).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "echo.api.password=" + EchoLabIntegrationTest.PASSWORD)
@AutoConfigureRestTestClient
@Import(FailingEndpoint.class)
public @interface EchoLabIntegrationTest {

    String USERNAME = "admin";
    String PASSWORD = "integration-test-secret";
}
