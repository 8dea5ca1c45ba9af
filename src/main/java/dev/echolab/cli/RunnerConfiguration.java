package dev.echolab.cli;

import dev.echolab.config.EchoProperties;
import dev.echolab.config.EchoServersConfig;
import dev.echolab.metrics.StressMetrics;
import dev.echolab.stress.MemoryArchive;
import dev.echolab.stress.StressRuns;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The Spring side of {@code run}: the echo servers' registry (for {@code --model}), the stress engine and its
 * meters, and Actuator. No component scan, so none of the service's controllers, console or security is here;
 * with {@code --metrics-port} the only pages are Actuator's health and Prometheus endpoints. Nothing is stored: finished runs stay in memory ({@link MemoryArchive}) until the process ends.
 *
 * <p>Deliberately not a {@code @Configuration}: the service's component scan covers this package, and must not
 * pick up these exclusions.
 */
@EnableAutoConfiguration(
        excludeName = {
            // Nothing to protect: the web server, when there is one, serves health and metrics only.
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            // A headless run stores nothing: no database, whatever is on the classpath.
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"
        })
@EnableConfigurationProperties(EchoProperties.class)
@Import({EchoServersConfig.class, StressRuns.class, StressMetrics.class, MemoryArchive.class})
class RunnerConfiguration {}
