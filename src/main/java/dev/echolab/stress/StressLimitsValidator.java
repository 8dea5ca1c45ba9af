package dev.echolab.stress;

import dev.echolab.config.EchoProperties;
import dev.echolab.config.EchoProperties.StressProperties;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks a {@link StressRequest} against {@code echo.stress.*} and across its fields. Spring builds it with the
 * properties injected; each problem is reported on the field it is about.
 */
class StressLimitsValidator implements ConstraintValidator<StressLimits, StressRequest> {

    private final StressProperties limits;

    StressLimitsValidator(EchoProperties properties) {
        this.limits = properties.stress();
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
        atMost(violations, "connections", request.connections(), limits.maxConnections(),
                "echo.stress.max-connections");
        atMost(violations, "payloadBytes", request.payloadBytes(), limits.maxPayload().toBytes(),
                "echo.stress.max-payload");
        atMost(violations, "pipeline", request.pipeline(), limits.maxPipeline(), "echo.stress.max-pipeline");
        atMost(violations, "ratePerSecond", request.ratePerSecond(), limits.maxRatePerSecond(),
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
        return violations.none();
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
            context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(field)
                    .addConstraintViolation();
        }

        boolean none() {
            return !any;
        }
    }
}
