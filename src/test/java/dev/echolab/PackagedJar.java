package dev.echolab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The jar {@code package} built, for the {@code *IT} classes (failsafe runs them after it, on what a user gets). */
public final class PackagedJar {

    private PackagedJar() {}

    public static Path path() {
        String jar = System.getProperty("echo-lab.jar");
        assertThat(jar)
                .as("system property echo-lab.jar (set by the failsafe configuration in pom.xml)")
                .isNotNull();
        assertThat(Path.of(jar)).as("the packaged jar").isRegularFile();
        return Path.of(jar);
    }
}
