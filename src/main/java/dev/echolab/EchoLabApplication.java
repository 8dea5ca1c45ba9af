package dev.echolab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Echo Lab: a TCP echo server per IO model, a verifying load generator, and the metrics to compare them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EchoLabApplication {

    public static void main(String[] args) {
        SpringApplication.run(EchoLabApplication.class, args);
    }
}
