package dev.echolab.history;

import dev.echolab.NeedsTool;
import dev.echolab.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link HistoryApiTests} against a real PostgreSQL, in a schema of its own that it drops afterwards. The database
 * is {@link TestPostgres}; {@code .ci/run} starts one. Without it the tests are skipped before the Spring context
 * loads, and fail when {@code CI=true}.
 */
@NeedsTool(TestPostgres.class)
class PostgresHistoryIntegrationTests extends HistoryApiTests {

    private static final String SCHEMA =
            "history_test_" + UUID.randomUUID().toString().replace("-", "");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        execute("CREATE SCHEMA " + SCHEMA);
        registry.add("spring.datasource.url", () -> TestPostgres.url(SCHEMA));
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> TestPostgres.PASSWORD);
    }

    @AfterAll
    static void dropSchema() {
        execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection connection = TestPostgres.connect()) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
