package dev.echolab.stress;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks a {@link StressRequest} outside Spring (the command line): the same constraints, the same
 * {@link StressLimitsValidator} over the same {@code echo.stress.*} limits, hence the same fields and messages as the
 * 400 of {@code POST /api/stress}. Spring builds its own validator for the API; this builds one without a context.
 */
public final class StressRequestValidator implements AutoCloseable {

    /**
     * One thing wrong with a request.
     *
     * @param field   the property path as the API names it: {@code connections}, {@code targets[0].model}
     * @param message what is wrong, as the API says it
     */
    public record Violation(String field, String message) {}

    private final ValidatorFactory factory;
    private final Validator validator;

    private StressRequestValidator(StressProperties limits, LongSupplier maxHeap) {
        var configuration = Validation.byProvider(HibernateValidator.class)
                .configure()
                .ignoreXmlConfiguration()
                // Parameters only, no expression language: every message of a StressRequest's constraints reads
                // the same either way (StressRequestValidatorTests holds it to the API's), and EL costs a command's
                // start-up time.
                .messageInterpolator(new ParameterMessageInterpolator());
        this.factory = configuration
                .constraintValidatorFactory(
                        new Factory(limits, maxHeap, configuration.getDefaultConstraintValidatorFactory()))
                .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /** Against these limits and this JVM's heap. */
    public static StressRequestValidator of(StressProperties limits) {
        return new StressRequestValidator(limits, Runtime.getRuntime()::maxMemory);
    }

    /** Against these limits and a heap of {@code maxHeap} bytes. */
    static StressRequestValidator of(StressProperties limits, LongSupplier maxHeap) {
        return new StressRequestValidator(limits, maxHeap);
    }

    /** Everything wrong with the request, ordered by field; empty when it is valid. */
    public List<Violation> validate(StressRequest request) {
        return validator.validate(request).stream()
                .map(v -> new Violation(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
                .toList();
    }

    @Override
    public void close() {
        factory.close();
    }

    /** Builds {@link StressLimitsValidator} with the limits, as Spring would inject them; every other as usual. */
    private record Factory(StressProperties limits, LongSupplier maxHeap, ConstraintValidatorFactory standard)
            implements ConstraintValidatorFactory {

        @Override
        public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
            if (key == StressLimitsValidator.class) {
                return key.cast(new StressLimitsValidator(limits, maxHeap));
            }
            return standard.getInstance(key);
        }

        @Override
        public void releaseInstance(ConstraintValidator<?, ?> instance) {}
    }
}
