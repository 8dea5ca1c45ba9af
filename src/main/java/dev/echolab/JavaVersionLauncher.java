package dev.echolab;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Properties;

/**
 * The jar's Start-Class: says in one line, and exits 2, when the JVM is older than the application needs, instead of
 * the stack trace of an {@code UnsupportedClassVersionError}; otherwise it calls {@code EchoLabApplication.main}.
 *
 * <p>The build compiles this one class for Java 17, the oldest Java that Spring Boot's launcher runs on (older JVMs
 * stop in the launcher, with the JVM's own error). It names the application's classes only as strings, so that none
 * of them, compiled for a newer Java, is loaded before the check. The version it needs is the build's
 * {@code java.version}, which build-info.properties carries.
 */
public final class JavaVersionLauncher {

    static final String APPLICATION = "dev.echolab.EchoLabApplication";
    static final String BUILD_INFO = "META-INF/build-info.properties";
    static final int EXIT_TOO_OLD = 2;

    private JavaVersionLauncher() {}

    public static void main(String[] args) throws Throwable {
        int needed = needed();
        int running = Runtime.version().feature();
        if (running < needed) {
            System.err.println(tooOld(needed, running, System.getProperty("java.home")));
            System.exit(EXIT_TOO_OLD);
        }
        try {
            Class.forName(APPLICATION, true, JavaVersionLauncher.class.getClassLoader())
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String tooOld(int needed, int running, String javaHome) {
        return "Echo Lab needs Java " + needed + " or newer; this is " + running + " (" + javaHome + ")";
    }

    /** The feature release the build targets ({@code build.java.version}); 0, no check, when the file is absent. */
    static int needed() throws IOException {
        Properties info = new Properties();
        try (InputStream in = JavaVersionLauncher.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
            if (in == null) {
                return 0;
            }
            info.load(in);
        }
        return Integer.parseInt(info.getProperty("build.java.version", "0"));
    }
}
