package dev.echolab.stress;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link StressRequest} within the limits of {@code echo.stress.*} and consistent with itself. Each violation
 * names the field it is about, so the 400 problem does too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = StressLimitsValidator.class)
public @interface StressLimits {

    String message() default "outside the limits of echo.stress.*";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
