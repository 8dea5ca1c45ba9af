package dev.echolab.stress;

import dev.echolab.server.IoModel;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    StressLimitsValidator(StressProperties limits) {
        this(limits, Runtime.getRuntime()::maxMemory);
    }

    /** With the heap the JVM may grow to, {@code -Xmx}. */
    StressLimitsValidator(StressProperties limits, LongSupplier maxHeap) {
        this.limits = limits;
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
        eachModelOnce(violations, request.models());
        everyTargetHostPort(violations, request.targets());
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

    /**
     * A model named twice would be measured twice in one run, holding the run slot for nothing ({@code repeats} is
     * how to measure again); so no list can be longer than there are models.
     */
    private static void eachModelOnce(Violations violations, List<String> models) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new LinkedHashSet<>();
        for (String model : models) {
            if (model != null && !seen.add(model)) {
                twice.add(model);
            }
        }
        for (String model : twice) {
            violations.add(
                    "models",
                    "names '" + model + "' more than once; list each model once (repeats measures " + "it again)");
        }
        if (twice.isEmpty() && models.size() > IoModel.values().length) {
            violations.add("models", "must name at most " + IoModel.values().length + " models, each once");
        }
    }

    private static void everyTargetHostPort(Violations violations, List<StressTarget> targets) {
        for (int i = 0; i < targets.size(); i++) {
            StressTarget target = targets.get(i);
            if (target != null && target.address() != null && target.socketAddress() == null) {
                violations.add("targets", i, "address", StressTarget.NOT_HOST_PORT);
            }
        }
    }

    /** The run's client state must fit in half the heap: a run that would exhaust it is refused up front. */
    private void fitsInMemory(Violations violations, StressRequest request) {
        long stamps = request.openLoop() ? 0 : ClosedLoopRelease.bytesPerConnection(request.pipeline());
        // In double: a pipeline or connection count far beyond any heap must be refused, not wrap around to fit.
        double needed = (double) request.connections() * (BYTES_PER_CONNECTION + stamps)
                + (double) request.idleConnections() * BYTES_PER_CONNECTION;
        long budget = maxHeap.getAsLong() / 2;
        if (needed > budget) {
            String message = String.format(
                    Locale.ROOT,
                    "connections %d, idleConnections %d and pipeline %d need "
                            + "about %d MiB of client state; this JVM allows %d MiB for it (half of -Xmx)",
                    request.connections(),
                    request.idleConnections(),
                    request.pipeline(),
                    (long) (needed / (1 << 20)),
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
            template(message).addPropertyNode(field).addConstraintViolation();
        }

        /** On a field of an element of a list: {@code targets[0].address}. */
        void add(String list, int index, String field, String message) {
            any = true;
            template(message)
                    .addPropertyNode(list)
                    .addPropertyNode(field)
                    .inIterable()
                    .atIndex(index)
                    .addConstraintViolation();
        }

        private ConstraintValidatorContext.ConstraintViolationBuilder template(String message) {
            return context.buildConstraintViolationWithTemplate(
                    message.replace("{", "\\{").replace("$", "\\$"));
        }

        boolean none() {
            return !any;
        }
    }
}
