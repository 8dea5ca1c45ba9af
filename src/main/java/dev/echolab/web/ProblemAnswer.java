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
 * status of those types), when, and examples of them. {@link OpenApiProblems} turns it into the response, with the
 * {@code application/problem+json} schema; the answers every call shares (401, 406, 500...) it adds by itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemAnswer.List.class)
public @interface ProblemAnswer {

    /** The types answered with this status; they must share it. */
    ProblemType[] value();

    /** When this call answers so, for a person. */
    String description();

    /**
     * Examples by {@code ref} (an example file of {@link OpenApiExamples}, each of one of the types) and {@code name}
     * (none: the slug of its type).
     */
    ExampleObject[] examples();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        ProblemAnswer[] value();
    }
}
