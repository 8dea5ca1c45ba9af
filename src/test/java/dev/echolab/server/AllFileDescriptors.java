package dev.echolab.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes every free file descriptor of this process until closed, so that a server's next {@code accept()} fails
 * the way it does in production when the process runs out of them (EMFILE). Hold it briefly: while it is held,
 * nothing else in the JVM can open a file or a socket either.
 */
final class AllFileDescriptors implements AutoCloseable {

    private static final Path DEV_NULL = Path.of("/dev/null");

    private final List<FileChannel> held = new ArrayList<>();

    private AllFileDescriptors() {
    }

    static AllFileDescriptors take() throws IOException {
        AllFileDescriptors all = new AllFileDescriptors();
        while (true) {
            try {
                all.held.add(FileChannel.open(DEV_NULL));
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("Too many open files")) {
                    return all;
                }
                all.close();
                throw e;
            }
        }
    }

    int count() {
        return held.size();
    }

    @Override
    public void close() throws IOException {
        for (FileChannel channel : held) {
            channel.close();
        }
        held.clear();
    }
}
