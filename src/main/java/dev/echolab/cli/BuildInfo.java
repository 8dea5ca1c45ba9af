package dev.echolab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.springframework.boot.info.GitProperties;
import picocli.CommandLine.IVersionProvider;

/**
 * What this build is, from the files the build writes into the jar ({@code META-INF/build-info.properties},
 * {@code git.properties}), and the JDK running it: what {@code --version} prints and a shard records.
 *
 * @param version the project's version; null when built without those files (an IDE's classes)
 * @param git     the commit it was built from; null outside git
 */
record BuildInfo(String version, GitProperties git) {

    /** This build. */
    static BuildInfo current() {
        Properties build = load("META-INF/build-info.properties", "build.");
        Properties git = load("git.properties", "git.");
        return new BuildInfo(build.getProperty("version"), git.isEmpty() ? null : new GitProperties(git));
    }

    /** The commit, abbreviated, with {@code -dirty} when the tree had changes; null outside git. */
    String commit() {
        if (git == null || git.getShortCommitId() == null) {
            return null;
        }
        return git.getShortCommitId() + ("true".equals(git.get("dirty")) ? "-dirty" : "");
    }

    /** The JVM running this: vendor, version and where it lives. */
    static String jdk() {
        return System.getProperty("java.vendor") + " " + Runtime.version() + " (" + System.getProperty("java.home")
                + ")";
    }

    /** The entries under {@code prefix}, without it (as Spring Boot's info contributors read them). */
    private static Properties load(String resource, String prefix) {
        Properties entries = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                Properties all = new Properties();
                all.load(in);
                all.stringPropertyNames().stream()
                        .filter(k -> k.startsWith(prefix))
                        .forEach(k -> entries.setProperty(k.substring(prefix.length()), all.getProperty(k)));
            }
        } catch (IOException e) {
            // an unreadable file says as much as a missing one
        }
        return entries;
    }

    /** {@code --version}: version, commit, JDK. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = current();
            return new String[] {
                "echo-lab " + (build.version() == null ? "(version unknown)" : build.version()),
                "commit " + (build.commit() == null ? "unknown" : build.commit()),
                "JDK " + jdk()
            };
        }
    }
}
