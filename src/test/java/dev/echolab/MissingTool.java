package dev.echolab;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * What a test does when something it needs from outside the build (a browser, a database, kubectl) is missing: on a
 * developer's machine it is skipped with the reason; under {@code CI=true}, where .ci/run installs it, it fails, since
 * a check that silently skips in CI would prove nothing.
 *
 * <p>A whole test class says so with {@link NeedsTool}: this condition then decides before JUnit creates the test
 * instance, so before a Spring context would load (an abort thrown while the context loads, from a
 * {@code @DynamicPropertySource}, fails every test of the class instead of skipping it).
 */
public final class MissingTool implements ExecutionCondition {

    private static final ExtensionContext.Namespace PROBES = ExtensionContext.Namespace.create(MissingTool.class);

    /** Whether a tool is there. */
    public interface Probe {

        /** Why the tool cannot be used here (one line, with how to get it), or empty when it can. */
        Optional<String> missing();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<NeedsTool> needs =
                context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, NeedsTool.class));
        if (needs.isEmpty()) {
            return ConditionEvaluationResult.enabled("needs no tool");
        }
        Class<? extends Probe> probe = needs.get().value();
        // In the root store: a probe (a connection attempt, a process) runs once per JVM, not once per test.
        Optional<?> missing = context.getRoot()
                .getStore(PROBES)
                .computeIfAbsent(
                        probe, p -> ReflectionSupport.newInstance(probe).missing(), Optional.class);
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled(probe.getSimpleName() + " is there");
        }
        String why = context.getDisplayName() + ": " + missing.get();
        if (ci()) {
            // Thrown from a condition, JUnit reports the class (or method) as failed, with this message.
            Assertions.fail("CI=true, so not skipped: " + why);
        }
        tell("SKIPPED " + why);
        return ConditionEvaluationResult.disabled(why);
    }

    /** Skips the calling test, or fails it in CI; never returns. For a check inside a running test. */
    public static void skipOrFail(String why) {
        if (ci()) {
            Assertions.fail("CI=true, so not skipped: " + why);
        }
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    private static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * One line on the build's console. Surefire shows a skip only as a count (the reason goes to the XML report) and
     * sends what a test prints to a file (redirectTestOutputToFile); the JVM's own standard error it copies to the
     * console, so the reason is written there.
     */
    @SuppressWarnings("resource") // the JVM's standard error stays open
    private static void tell(String line) {
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8).println(line);
    }
}
