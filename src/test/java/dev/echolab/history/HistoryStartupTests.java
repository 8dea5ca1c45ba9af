package dev.echolab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A history database that cannot be used stops start-up with a message naming it: unreachable, corrupt, held by
 * another process, or migrated by a newer version. Only the datasource and Flyway start here (with the app's
 * application.yml), which is where start-up stops.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class HistoryStartupTests {

    @TempDir
    Path dir;

    @Test
    void anUnreachableDatabaseIsNamed(CapturedOutput output) {
        String url = "jdbc:postgresql://127.0.0.1:1/history";

        assertThatThrownBy(() -> start(url)).isNotNull();

        assertThat(output)
                .contains("The run history database " + url + " (spring.datasource.url) cannot be used")
                .contains("Check that the database runs and is reachable");
    }

    @Test
    void aCorruptFileIsNamed(CapturedOutput output) throws Exception {
        Files.write(dir.resolve("echo-lab.mv.db"), new byte[64 * 1024]); // zeros where H2 expects its header
        String url = "jdbc:h2:file:" + dir.resolve("echo-lab");

        assertThatThrownBy(() -> start(url)).isNotNull();

        assertThat(output)
                .contains("The run history database " + url + " (spring.datasource.url) cannot be used")
                .contains("Move it aside");
    }

    @Test
    void aFileHeldByAnotherProcessIsNamed(CapturedOutput output) throws Exception {
        try (H2ServerProcess other = H2ServerProcess.start(dir);
                Connection holding = DriverManager.getConnection(other.url("echo-lab"), "sa", "")) {
            String url = "jdbc:h2:file:" + dir.resolve("echo-lab");

            assertThatThrownBy(() -> start(url)).isNotNull();

            assertThat(output)
                    .contains("The run history database " + url + " (spring.datasource.url) cannot be used")
                    .contains("Another process holds this H2 file");
        }
    }

    @Test
    void aSchemaFromANewerVersionStopsStartUpInsteadOfBeingUsed(CapturedOutput output) {
        String url = "jdbc:h2:file:" + dir.resolve("echo-lab");
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcClient.create(dataSource)
                .sql("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", "
                        + "\"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", "
                        + "\"success\") VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'sa', 0, "
                        + "TRUE)")
                .update();

        assertThatThrownBy(() -> start(url)).isNotNull();

        assertThat(output)
                .contains("The run history database " + url + " (spring.datasource.url) cannot be used")
                .contains("A newer Echo Lab has upgraded this database");
    }

    @Test
    void aPasswordInTheUrlIsNotPrinted(CapturedOutput output) {
        assertThatThrownBy(() -> start("jdbc:postgresql://127.0.0.1:1/history?password=hunter2"))
                .isNotNull();

        assertThat(output).contains("password=****").doesNotContain("hunter2");
    }

    private static void start(String url) {
        new SpringApplicationBuilder(DatabaseOnly.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .run(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.hikari.initialization-fail-timeout=1",
                        "--spring.datasource.hikari.connection-timeout=2000")
                .close();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class DatabaseOnly {}
}
