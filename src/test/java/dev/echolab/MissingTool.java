package dev.echolab;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs from outside the build (a browser, a database, kubectl) is missing: on a
 * developer's machine it is skipped with the reason; under {@code CI=true}, where .ci/run installs it, it fails, since
 * a check that silently skips in CI would prove nothing.
 */
public final class MissingTool {

    private MissingTool() {}

    /** Skips the calling test, or fails it in CI; never returns. */
    public static void skipOrFail(String why) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true, so not skipped: " + why);
        }
        Assumptions.abort(why);
    }
}
