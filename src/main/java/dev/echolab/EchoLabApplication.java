package dev.echolab;

import dev.echolab.cli.Cli;
import java.io.PrintStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Echo Lab: a TCP echo server per IO model, a verifying load generator, and the metrics to compare them. With a
 * subcommand ({@code run}, {@code merge}) the jar is a headless load generator instead, see {@link Cli}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EchoLabApplication {

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            // Everything a run logs goes to stderr; stdout carries only the result, printed last.
            PrintStream stdout = System.out;
            System.setOut(System.err);
            System.exit(Cli.execute(stdout, System.err, args));
        }
        SpringApplication.run(EchoLabApplication.class, args);
    }
}
