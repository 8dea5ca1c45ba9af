package dev.echolab.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code echo.history.*} but {@code echo.history.dir} (where the default H2 database lives; only
 * {@code spring.datasource.url} reads it).
 *
 * @param noiseFloor how far apart two single runs may be and still be the same (0.15 = ±15 %): no smaller than the
 *                   run-to-run spread of one figure on the machine, measured with repeats
 */
@Validated
@ConfigurationProperties("echo.history")
public record HistoryProperties(
        @DefaultValue("0.15") @DecimalMin("0") @DecimalMax("1")
        double noiseFloor) {}
