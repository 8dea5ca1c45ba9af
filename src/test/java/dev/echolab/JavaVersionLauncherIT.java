package dev.echolab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar} on the packaged jar: a Java 17 gets one line naming the Java it needs and the one it is, and exit
 * 2, not an {@code UnsupportedClassVersionError}; the JVM running the tests (21 or newer) still gets the application.
 */
@Timeout(180)
class JavaVersionLauncherIT {

    @Test
    @NeedsTool(Java17.class)
    void aJava17GetsOneLineAndExit2() throws Exception {
        Path home = Java17.home().orElseThrow();

        Ran ran = javaJar(home);

        assertThat(ran.exit()).as(ran.output()).isEqualTo(2);
        assertThat(ran.output().lines().toList())
                .containsExactly("Echo Lab needs Java 21 or newer; this is 17 (" + home.toRealPath() + ")");
    }

    @Test
    void theJavaRunningTheTestsGetsTheApplication() throws Exception {
        Ran ran = javaJar(Path.of(System.getProperty("java.home")), "run", "--help");

        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output()).as("the run command's usage").contains("Usage: echo-lab run");
    }

    private record Ran(int exit, String output) {}

    /** {@code <home>/bin/java -jar <jar> args}, with no JVM options from the environment; stdout and stderr merged. */
    private static Ran javaJar(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = Stream.concat(
                        Stream.of(
                                home.resolve("bin/java").toString(),
                                "-jar",
                                PackagedJar.path().toString()),
                        Stream.of(args))
                .toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The JVM announces these on stderr ("Picked up ..."), which would be a second line.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        Process java = builder.start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!java.waitFor(120, TimeUnit.SECONDS)) {
            java.destroyForcibly();
            throw new AssertionError("java -jar did not end in 120 s: " + output);
        }
        return new Ran(java.exitValue(), output);
    }

    /**
     * A Java 17 runtime: {@code ECHO_TEST_JAVA17_HOME}, else the first under /usr/lib/jvm whose {@code release} file
     * says 17 (Debian's openjdk-17-jre-headless; .ci/run installs it).
     */
    static final class Java17 implements MissingTool.Probe {

        static Optional<Path> home() throws IOException {
            String given = System.getenv("ECHO_TEST_JAVA17_HOME");
            if (given != null && !given.isBlank()) {
                return Optional.of(Path.of(given));
            }
            Path jvms = Path.of("/usr/lib/jvm");
            if (!Files.isDirectory(jvms)) {
                return Optional.empty();
            }
            try (Stream<Path> homes = Files.list(jvms)) {
                return homes.sorted()
                        .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                        .filter(Java17::is17)
                        .findFirst();
            }
        }

        private static boolean is17(Path home) {
            try {
                return Files.readAllLines(home.resolve("release")).stream()
                        .anyMatch(line -> line.startsWith("JAVA_VERSION=\"17"));
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public Optional<String> missing() {
            try {
                return home().isPresent()
                        ? Optional.empty()
                        : Optional.of("no Java 17 (ECHO_TEST_JAVA17_HOME, or one under /usr/lib/jvm); on Debian: "
                                + "apt-get install -y --no-install-recommends openjdk-17-jre-headless");
            } catch (IOException e) {
                return Optional.of("no Java 17 found: " + e.getMessage());
            }
        }
    }
}
