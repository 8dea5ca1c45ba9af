package dev.echolab.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An H2 TCP server in a JVM of its own, its databases under one directory: a history database that a test can
 * really take away (the process is killed, connections are refused) and bring back on the same port, with what it
 * had stored.
 */
final class H2ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("TCP server running at tcp://[^:]+:(\\d+)");

    private final Path baseDir;
    private Process process;
    private int port;

    private H2ServerProcess(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** Starts a server on a free port. */
    static H2ServerProcess start(Path baseDir) throws IOException {
        H2ServerProcess server = new H2ServerProcess(baseDir);
        server.launch(0);
        return server;
    }

    /**
     * The JDBC URL of a database of this server. Every commit is written at once ({@code WRITE_DELAY=0}): the tests
     * kill the server, and H2's default half-second delay would lose a run stored just before, as a crash would.
     */
    String url(String database) {
        return "jdbc:h2:tcp://localhost:" + port + "/" + database + ";WRITE_DELAY=0";
    }

    /** Kills the server and waits until it has gone: its port refuses connections from then on. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts it again on the same port, on the same files. */
    void restart() throws IOException {
        launch(port);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void launch(int wanted) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String h2 = Path.of(URI.create(org.h2.Driver.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toString()))
                .toString();
        process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx64m",
                        "-cp",
                        h2,
                        "org.h2.tools.Server",
                        "-tcp",
                        "-tcpPort",
                        Integer.toString(wanted),
                        "-ifNotExists",
                        "-baseDir",
                        baseDir.toString()))
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // The first line says where it listens, or why it could not (then the process ends and readLine gives null).
        String line = out.readLine();
        Matcher listening = LISTENING.matcher(line == null ? "" : line);
        if (!listening.find()) {
            process.destroyForcibly();
            throw new IOException("the H2 server did not start: " + line);
        }
        port = Integer.parseInt(listening.group(1));
        Thread.ofPlatform()
                .name("h2-server-output")
                .daemon()
                .start(() -> out.lines().forEach(l -> {}));
    }
}
