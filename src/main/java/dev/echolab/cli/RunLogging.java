package dev.echolab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging of a command, without Spring Boot's logging system (which a command does not start): one line per event on
 * stderr, warnings from libraries, information from Echo Lab, and any level a {@code --logging.level.<name>=<level>}
 * flag sets. Logback is what Spring Boot logs with; with another SLF4J binding these calls do nothing.
 */
final class RunLogging {

    /** Whether this process is the command line's, whose logging it may set (not a test's JVM, say). */
    private static volatile boolean owned;

    private RunLogging() {}

    /** This process is the command line's: the command that logs sets the logging up ({@link #configure}). */
    static void own() {
        owned = true;
    }

    /**
     * Replaces Logback's default (everything at DEBUG on stdout) with the command line's, in a process the command
     * line owns; only a command that logs calls it, so {@code --help} and {@code --version} load no logging at all.
     */
    static synchronized void configure() {
        if (!owned || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        owned = false; // once
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(Level.WARN);
        context.getLogger("dev.echolab").setLevel(Level.INFO);
        // A run's start and end: the command says both itself, and a line in the middle of a progress bar tears it.
        context.getLogger("dev.echolab.stress.StressRuns").setLevel(Level.WARN);
    }

    /** Whether Logback knows the level: TRACE, DEBUG, INFO, WARN, ERROR, OFF (any case). */
    static boolean isLevel(String level) {
        return Level.toLevel(level, null) != null;
    }

    /** Sets one logger's level, as {@code logging.level.<name>} does in the service ({@code root} for all). */
    static void level(String name, String level) {
        Level parsed = Level.toLevel(level, Level.INFO);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(name.equalsIgnoreCase("root") ? Logger.ROOT_LOGGER_NAME : name)
                    .setLevel(parsed);
        }
    }
}
