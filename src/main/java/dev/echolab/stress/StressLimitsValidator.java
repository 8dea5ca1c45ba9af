package dev.echolab.stress;

import dev.echolab.config.EchoProperties;
import dev.echolab.config.EchoProperties.StressProperties;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Checks a {@link StressRequest} against {@code echo.stress.*} and across its fields. Spring builds it with the
 * properties injected; each problem is reported on the field it is about.
 */
class StressLimitsValidator implements ConstraintValidator<StressLimits, StressRequest> {

    /**
     * Heap one client connection takes besides its release stamps: the channel, its key, the selector's entries
     * and the engine's own state (about 1 KiB measured with a heap histogram; twice that for headroom).
     */
    static final long BYTES_PER_CONNECTION = 2048;

    private final StressProperties limits;
    private final LongSupplier maxHeap;

    @Autowired
    StressLimitsValidator(EchoProperties properties) {
        this(properties, Runtime.getRuntime()::maxMemory);
    }

    /** With the heap the JVM may grow to, {@code -Xmx}. */
    StressLimitsValidator(EchoProperties properties, LongSupplier maxHeap) {
        this.limits = properties.stress();
        this.maxHeap = maxHeap;
    }

    @Override
    public boolean isValid(StressRequest request, ConstraintValidatorContext context) {
        if (request == null) {
            return true;
        }
        Violations violations = new Violations(context);
        if (request.models().isEmpty() && request.targets().isEmpty()) {
            violations.add("models", "name at least one model (or a target)");
        }
        atMost(
                violations,
                "connections",
                request.connections(),
                limits.maxConnections(),
                "echo.stress.max-connections");
        atMost(
                violations,
                "payloadBytes",
                request.payloadBytes(),
                limits.maxPayload().toBytes(),
                "echo.stress.max-payload");
        atMost(violations, "pipeline", request.pipeline(), limits.maxPipeline(), "echo.stress.max-pipeline");
        atMost(
                violations,
                "ratePerSecond",
                request.ratePerSecond(),
                limits.maxRatePerSecond(),
                "echo.stress.max-rate-per-second");
        double maxSeconds = limits.maxDuration().toMillis() / 1000.0;
        atMost(violations, "durationSeconds", request.durationSeconds(), maxSeconds, "echo.stress.max-duration");
        atMost(violations, "warmupSeconds", request.warmupSeconds(), maxSeconds, "echo.stress.max-duration");
        atMost(violations, "rampUpSeconds", request.rampUpSeconds(), maxSeconds, "echo.stress.max-duration");
        if (request.durationSeconds() != null && request.messagesPerConnection() != null) {
            violations.add("messagesPerConnection", "give durationSeconds or messagesPerConnection, not both");
        }
        if (request.openLoop() && request.pipeline() > 1) {
            violations.add("pipeline", "pipeline is for the closed loop; leave it out with ratePerSecond");
        }
        atMost(
                violations,
                "idleConnections",
                request.idleConnections(),
                limits.maxIdleConnections(),
                "echo.stress.max-idle-connections");
        fitsInMemory(violations, request);
        return violations.none();
    }

    /** The run's client state must fit in half the heap: a run that would exhaust it is refused up front. */
    private void fitsInMemory(Violations violations, StressRequest request) {
        long stamps = request.openLoop() ? 0 : ClosedLoopRelease.bytesPerConnection(request.pipeline());
        long needed = (long) request.connections() * (BYTES_PER_CONNECTION + stamps)
                + (long) request.idleConnections() * BYTES_PER_CONNECTION;
        long budget = maxHeap.getAsLong() / 2;
        if (needed > budget) {
            String message = String.format(
                    Locale.ROOT,
                    "connections %d, idleConnections %d and pipeline %d need "
                            + "about %d MiB of client state; this JVM allows %d MiB for it (half of -Xmx)",
                    request.connections(),
                    request.idleConnections(),
                    request.pipeline(),
                    needed >> 20,
                    budget >> 20);
            violations.add("connections", message);
            if (request.idleConnections() > 0) {
                violations.add("idleConnections", message);
            }
            if (stamps > 8) {
                violations.add("pipeline", message);
            }
        }
    }

    private static void atMost(Violations violations, String field, Number value, double max, String property) {
        if (value != null && value.doubleValue() > max) {
            violations.add(field, "must be at most " + format(max) + " (" + property + ")");
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Violations on named fields instead of the default one on the whole object. */
    private static final class Violations {
        private final ConstraintValidatorContext context;
        private boolean any;

        Violations(ConstraintValidatorContext context) {
            this.context = context;
            context.disableDefaultConstraintViolation();
        }

        void add(String field, String message) {
            any = true;
            context.buildConstraintViolationWithTemplate(
                            message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(field)
                    .addConstraintViolation();
        }

        boolean none() {
            return !any;
        }
    }
}
