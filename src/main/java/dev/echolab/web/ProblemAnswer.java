package dev.echolab.web;

import io.swagger.v3.oas.annotations.media.ExampleObject;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem answer of one call, for the OpenAPI document: the {@link ProblemType}s it answers with one status (the
 * status of those types), named by their slugs (a feature's types are its own, and web depends on no feature), when,
 * and examples of them. A slug no {@link ProblemTypeCatalog} lists stops the document from being served. {@link OpenApiProblems} turns it into the response, with the
 * {@code application/problem+json} schema; the answers every call shares (401, 406, 500...) it adds by itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemAnswer.List.class)
public @interface ProblemAnswer {

    /** The slugs of the types answered with this status ({@code unknown-run}); they must share it. */
    String[] value();

    /** When this call answers so, for a person. */
    String description();

    /**
     * Examples by {@code ref} (an example file of {@link OpenApiExamples}, each of one of the types) and {@code name}
     * (none: the slug of its type).
     */
    ExampleObject[] examples();

    /** Whether the answer carries {@code Retry-After}: the seconds after which asking again may succeed. */
    boolean retryAfter() default false;

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        ProblemAnswer[] value();
    }
}
