package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.config.EchoProperties;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The request checks that need a chosen heap or limits: a run whose client state cannot fit is refused. */
class StressLimitsValidatorTests {

    private static final long HEAP = 256L << 20;

    private final ValidatorFactory factory = Validation.byProvider(HibernateValidator.class)
            .configure()
            .constraintValidatorFactory(new Factory())
            .buildValidatorFactory();
    private final Validator validator = factory.getValidator();

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void aRunWhoseClientStateCannotFitIsRefusedNamingTheFields() {
        // 20,000 connections × (2 KiB + 1,024 stamps × 8 B) ≈ 200 MiB, and 10,000 silent ones: over 128 MiB
        StressRequest request = request(20_000, 1024, 10_000);

        Map<String, String> violations = violations(request);

        assertThat(violations).containsOnlyKeys("connections", "idleConnections", "pipeline");
        assertThat(violations.get("connections")).contains("MiB").contains("-Xmx");
    }

    @Test
    void aRunThatFitsIsAccepted() {
        assertThat(violations(request(20_000, 1, 10_000))).isEmpty();
    }

    @Test
    void idleConnectionsHaveTheirOwnLimit() {
        assertThat(violations(request(10, 1, 30_000)))
                .containsOnlyKeys("idleConnections")
                .hasEntrySatisfying(
                        "idleConnections", message -> assertThat(message).contains("echo.stress.max-idle-connections"));
    }

    private Map<String, String> violations(StressRequest request) {
        Set<ConstraintViolation<StressRequest>> found = validator.validate(request);
        return found.stream()
                .collect(java.util.stream.Collectors.toMap(
                        v -> v.getPropertyPath().toString(), ConstraintViolation::getMessage, (a, b) -> a));
    }

    private static StressRequest request(int connections, int pipeline, int idle) {
        return new StressRequest(
                List.of("netty"),
                null,
                connections,
                64,
                1.0,
                null,
                0.0,
                pipeline,
                null,
                0.0,
                1_000,
                1_000,
                idle,
                null,
                null);
    }

    /** Builds the validator with a 256 MiB heap; every other constraint the usual way. */
    private static final class Factory implements ConstraintValidatorFactory {
        private final ConstraintValidatorFactory standard =
                Validation.byProvider(HibernateValidator.class).configure().getDefaultConstraintValidatorFactory();

        @Override
        @SuppressWarnings("unchecked")
        public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
            if (key == StressLimitsValidator.class) {
                return (T) new StressLimitsValidator(properties(), () -> HEAP);
            }
            return standard.getInstance(key);
        }

        @Override
        public void releaseInstance(ConstraintValidator<?, ?> instance) {}

        private static EchoProperties properties() {
            return new EchoProperties(
                    InetAddress.getLoopbackAddress(),
                    false,
                    100,
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(1),
                    DataSize.ofKilobytes(64),
                    Map.of(),
                    new EchoProperties.StressProperties(
                            20_000,
                            Duration.ofMinutes(10),
                            DataSize.ofMegabytes(1),
                            1024,
                            1_000_000,
                            20,
                            List.of(),
                            20_000,
                            0));
        }
    }
}
