package dev.echolab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.echolab.NeedsTool;
import dev.echolab.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The role Grafana's History datasource logs in as, made by compose's own init SQL (docker/postgres/grafana-reader.sql,
 * run here as it is there: by the tables' owner, before the app's Flyway migrations) on a real PostgreSQL: it reads
 * the run history, and every statement that would change or destroy it is refused for want of privilege, even after
 * the session turns off its read-only default, as anyone who can type a query into Grafana could.
 */
@NeedsTool(TestPostgres.class)
@Timeout(120)
class GrafanaReaderRoleTests {

    static final Path INIT_SQL = Path.of("docker/postgres/grafana-reader.sql");
    private static final String SCHEMA = "grafana_reader_test_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private static final String ROLE = SCHEMA + "_role";
    private static final String PASSWORD = UUID.randomUUID().toString();
    /** PostgreSQL's SQLSTATE for "permission denied" and "must be owner". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @BeforeAll
    static void createTheRoleThenTheTables() throws Exception {
        try (Connection owner = TestPostgres.connect();
                Statement sql = owner.createStatement()) {
            sql.execute("CREATE SCHEMA " + SCHEMA);
        }
        try (Connection owner =
                        TestPostgres.connect(TestPostgres.url(SCHEMA), TestPostgres.USER, TestPostgres.PASSWORD);
                Statement sql = owner.createStatement()) {
            sql.execute("SET echolab.grafana_role = '" + ROLE + "'");
            sql.execute("SET echolab.grafana_password = '" + PASSWORD + "'");
            sql.execute(Files.readString(INIT_SQL));
        }
        Flyway.configure()
                .dataSource(TestPostgres.url(SCHEMA), TestPostgres.USER, TestPostgres.PASSWORD)
                .schemas(SCHEMA)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        try (Connection owner = owner();
                Statement sql = owner.createStatement()) {
            sql.execute(
                    "INSERT INTO stored_run (id, status, created_at, run_json) VALUES ('r1', 'SUCCEEDED', NOW(), '{}')");
            sql.execute("INSERT INTO stored_result (stored_run, stored_run_key, model, status) "
                    + "VALUES ('r1', 0, 'netty', 'SUCCEEDED')");
        }
    }

    @AfterAll
    static void dropTheSchemaAndTheRole() throws SQLException {
        try (Connection owner = TestPostgres.connect();
                Statement sql = owner.createStatement()) {
            // The schema takes the role's privileges on it with it; then the role has none left but CONNECT.
            sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            sql.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                    + "EXECUTE 'REVOKE CONNECT ON DATABASE ' || quote_ident(current_database()) || ' FROM " + ROLE
                    + "'; EXECUTE 'DROP ROLE " + ROLE + "'; END IF; END $$");
        }
    }

    @Test
    void itReadsTheRunHistory() throws SQLException {
        try (Connection reader = reader();
                Statement sql = reader.createStatement()) {
            assertThat(count(sql, "SELECT COUNT(*) FROM stored_run")).isEqualTo(1);
            assertThat(count(sql, "SELECT COUNT(*) FROM stored_result JOIN stored_run ON stored_run.id = stored_run"))
                    .isEqualTo(1);
        }
    }

    @Test
    void itsTransactionsStartReadOnly() throws SQLException {
        try (Connection reader = reader();
                Statement sql = reader.createStatement();
                ResultSet setting = sql.executeQuery("SHOW default_transaction_read_only")) {
            assertThat(setting.next()).isTrue();
            assertThat(setting.getString(1)).isEqualTo("on");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DELETE FROM stored_run",
                "DELETE FROM stored_result",
                "UPDATE stored_run SET status = 'FAILED'",
                "INSERT INTO stored_run (id, status, created_at, run_json) VALUES ('r2', 'SUCCEEDED', NOW(), '{}')",
                "TRUNCATE stored_run CASCADE",
                "DROP TABLE stored_result",
                "ALTER TABLE stored_run ADD COLUMN intruder INTEGER",
                "CREATE TABLE intruder (x INTEGER)",
                "DELETE FROM flyway_schema_history"
            })
    void everyChangeIsRefusedForWantOfPrivilege(String statement) throws SQLException {
        try (Connection reader = reader();
                Statement sql = reader.createStatement()) {
            // What a visitor would do first: the read-only default is a session setting anyone may turn off.
            sql.execute("SET default_transaction_read_only = off");
            SQLException refused = catchThrowableOfType(SQLException.class, () -> sql.execute(statement));
            assertThat((Throwable) refused).as(statement).isNotNull();
            assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE);
        }
        try (Connection owner = owner();
                Statement sql = owner.createStatement()) {
            assertThat(count(sql, "SELECT COUNT(*) FROM stored_run WHERE status = 'SUCCEEDED'"))
                    .isEqualTo(1);
            assertThat(count(sql, "SELECT COUNT(*) FROM stored_result")).isEqualTo(1);
        }
    }

    private static Connection owner() throws SQLException {
        return TestPostgres.connect(TestPostgres.url(SCHEMA), TestPostgres.USER, TestPostgres.PASSWORD);
    }

    private static Connection reader() throws SQLException {
        return TestPostgres.connect(TestPostgres.url(SCHEMA), ROLE, PASSWORD);
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }
}
