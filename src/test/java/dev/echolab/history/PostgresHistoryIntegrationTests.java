package dev.echolab.history;

import dev.echolab.MissingTool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link HistoryApiTests} against a real PostgreSQL, in a schema of its own that it drops afterwards. The database
 * comes from {@code ECHO_TEST_POSTGRES_URL} (user and password {@code ECHO_TEST_POSTGRES_USER} /
 * {@code _PASSWORD}); {@code .ci/run} starts one. Without it the tests are skipped, and fail when {@code CI=true}.
 */
class PostgresHistoryIntegrationTests extends HistoryApiTests {

    static final String URL = env("ECHO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5433/echolab_test");
    static final String USER = env("ECHO_TEST_POSTGRES_USER", "echolab");
    static final String PASSWORD = env("ECHO_TEST_POSTGRES_PASSWORD", "echolab");
    private static final String SCHEMA =
            "history_test_" + UUID.randomUUID().toString().replace("-", "");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        execute("CREATE SCHEMA " + SCHEMA);
        registry.add("spring.datasource.url", () -> URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
    }

    @AfterAll
    static void dropSchema() {
        execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    /** Runs one statement; a database that cannot be reached skips the tests, or fails them in CI. */
    static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            MissingTool.skipOrFail(
                    "no PostgreSQL at " + URL + " (ECHO_TEST_POSTGRES_URL; .ci/run starts one): " + e.getMessage());
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
