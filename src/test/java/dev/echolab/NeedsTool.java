package dev.echolab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class or method that needs something from outside the build (a database, a browser, kubectl). The probe runs
 * before anything of the test does, the Spring context included: where the tool is missing the test is skipped with
 * the probe's reason, except under {@code CI=true}, where it fails (see {@link MissingTool}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@ExtendWith(MissingTool.class)
public @interface NeedsTool {

    /** Says whether the tool is there; instantiated with its no-argument constructor, asked once per test JVM. */
    Class<? extends MissingTool.Probe> value();
}
