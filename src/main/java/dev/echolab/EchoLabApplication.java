package dev.echolab;

import dev.echolab.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Echo Lab: a TCP echo server per IO model, a verifying load generator, and the metrics to compare them. With a
 * command ({@code run}, {@code merge}, {@code --help}, ...) the jar is a command line instead, see {@link Cli}: no
 * Spring application starts then.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EchoLabApplication {

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.main(args));
        }
        SpringApplication.run(EchoLabApplication.class, args);
    }
}
