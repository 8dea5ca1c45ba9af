package dev.echolab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts this build's jar entry as a process of its own, for tests of real generators. */
public final class EchoLabProcess {

    private EchoLabProcess() {}

    /** {@code java … EchoLabApplication args}: this JVM's java and class path, a small heap, a quick start. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                EchoLabApplication.class.getName()));
        command.addAll(args);
        return command;
    }
}
