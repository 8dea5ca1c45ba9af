import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

/**
 * A deliberately slowed echo server, to check that comparisons call a slower server worse (bench/, not part of the
 * product; run as a single source file):
 *
 * <pre>java bench/SlowEcho.java --port 25101 --delay-us 1000 [--burn-us 0] [--message-bytes 64]</pre>
 *
 * <p>One virtual thread per connection on 127.0.0.1. Before echoing, it waits {@code --delay-us} (sleeping) and
 * spends {@code --burn-us} (spinning on a core) for every whole message of {@code --message-bytes} it has read, so
 * that under ping-pong two instances whose delays differ by 20 % differ by about 20 % in latency and throughput.
 * Prints {@code listening on 127.0.0.1:<port>} once bound; stops when killed.
 */
public class SlowEcho {

    public static void main(String[] args) throws IOException {
        int port = 0;
        long delayNanos = 0;
        long burnNanos = 0;
        int messageBytes = 64;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--delay-us" -> delayNanos = Long.parseLong(value) * 1_000;
                case "--burn-us" -> burnNanos = Long.parseLong(value) * 1_000;
                case "--message-bytes" -> messageBytes = Integer.parseInt(value);
                default -> {
                    System.err.println("unknown flag: " + args[i]
                            + " (flags: --port N --delay-us N --burn-us N --message-bytes N)");
                    System.exit(2);
                }
            }
            i++;
        }
        try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on 127.0.0.1:" + server.getLocalPort());
            System.out.flush();
            long delay = delayNanos;
            long burn = burnNanos;
            int size = messageBytes;
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().name("slow-echo").start(() -> serve(socket, delay, burn, size));
            }
        }
    }

    /** Echoes every byte back, slowed by whole messages: a message split over two reads is slowed once. */
    private static void serve(Socket socket, long delayNanos, long burnNanos, int messageBytes) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                long messages = (received + read) / messageBytes - received / messageBytes;
                received += read;
                if (messages > 0) {
                    if (delayNanos > 0) {
                        LockSupport.parkNanos(delayNanos * messages);
                    }
                    long until = System.nanoTime() + burnNanos * messages;
                    while (burnNanos > 0 && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // the client went away: nothing to echo to
        }
    }
}
