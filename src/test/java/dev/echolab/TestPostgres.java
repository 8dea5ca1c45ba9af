package dev.echolab;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * The PostgreSQL the tests use, from {@code ECHO_TEST_POSTGRES_URL}, {@code ECHO_TEST_POSTGRES_USER} and
 * {@code ECHO_TEST_POSTGRES_PASSWORD} (defaults: the cluster .ci/run starts on 127.0.0.1:5433). As a
 * {@link MissingTool.Probe}: {@code @NeedsTool(TestPostgres.class)} skips a test where it cannot be reached.
 */
public final class TestPostgres implements MissingTool.Probe {

    public static final String URL = env("ECHO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5433/echolab_test");
    public static final String USER = env("ECHO_TEST_POSTGRES_USER", "echolab");
    public static final String PASSWORD = env("ECHO_TEST_POSTGRES_PASSWORD", "echolab");

    /** The test database with {@code schema} first on the search path (where tables are made and looked for). */
    public static String url(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A connection as the test user. */
    public static Connection connect() throws SQLException {
        return connect(URL, USER, PASSWORD);
    }

    /** A connection to {@code url} (the test database, e.g. {@link #url(String)}) as any role. */
    public static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // Seconds: a firewalled host fails the probe in 5 s rather than the driver's 10.
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public Optional<String> missing() {
        try (Connection connection = connect()) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("no PostgreSQL at " + URL + " as " + USER + " (" + e.getMessage()
                    + "); set ECHO_TEST_POSTGRES_URL, _USER and _PASSWORD, or let .ci/run start one");
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
