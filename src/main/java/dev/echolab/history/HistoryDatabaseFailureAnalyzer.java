package dev.echolab.history;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;

/**
 * Turns a history database that cannot be used at start-up (unreachable, corrupt, locked by another process, or
 * migrated by a newer Echo Lab) into a message that names the datasource and what to do, instead of a stack trace.
 * The app does not start without its history: runs would otherwise be lost without a word.
 */
class HistoryDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<FlywayException> {

    private final Environment environment;

    HistoryDatabaseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FlywayException cause) {
        String url = redacted(environment.getProperty("spring.datasource.url", "(no spring.datasource.url)"));
        String reason = NestedExceptionUtils.getMostSpecificCause(cause).getMessage();
        String description =
                "The run history database " + url + " (spring.datasource.url) cannot be used: " + firstLine(reason);
        return new FailureAnalysis(description, action(cause, reason), cause);
    }

    private static String action(FlywayException cause, String reason) {
        String text = reason == null ? "" : reason;
        if (cause instanceof FlywayValidateException && text.contains("not resolved locally")) {
            return "A newer Echo Lab has upgraded this database's schema, which this version cannot read. Run the "
                    + "newer version, or point spring.datasource.url (SPRING_DATASOURCE_URL) at another database.";
        }
        // H2 before 2.4 said "Database may be already in use"; 2.4 says only "The file is locked".
        if (text.contains("already in use") || text.contains("file is locked")) {
            return "Another process holds this H2 file. Give each instance its own directory (echo.history.dir) "
                    + "or its own spring.datasource.url.";
        }
        if (text.toLowerCase().contains("corrupt")) {
            return "The database file is damaged. Move it aside (it is under echo.history.dir, ./data by default) "
                    + "to start with an empty history, or restore a copy.";
        }
        return "Check that the database runs and is reachable from here, and the credentials "
                + "(SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD).";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    /** A password may sit in a JDBC URL's parameters. */
    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
