package dev.echolab.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code run --out}: the file is opened (created, or emptied) before the run starts, so a path that cannot be written
 * is said at once instead of losing the result after the run; the result goes in once the run has ended.
 */
final class OutFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;

    private OutFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens the file for writing; an {@link IOException} when it cannot be. */
    static OutFile open(Path path) throws IOException {
        return new OutFile(
                path,
                FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING));
    }

    Path path() {
        return path;
    }

    /** Writes the text as the whole file, to the disk. */
    void write(String text) throws IOException {
        channel.truncate(0);
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long at = 0;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
