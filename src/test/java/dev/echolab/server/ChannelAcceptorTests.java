package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.echolab.server.EchoStats.RejectReason;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Accept errors (EMFILE: out of file descriptors) cannot be provoked safely in a shared test JVM, so a listener
 * whose {@code accept()} always fails stands in for one.
 */
class ChannelAcceptorTests {

    @Test
    void aFailedAcceptPausesAcceptingForAPauseThatDoubles() {
        FailingListener listener = new FailingListener();
        EchoStats stats = new EchoStats();
        ChannelAcceptor acceptor = new ChannelAcceptor(
                new ServerContext(IoModel.MULTIPLEXING, ServerSettings.loopback(), stats, new ModelThreads()),
                listener);
        List<Long> pauses = new ArrayList<>();
        for (int failure = 1; failure <= 3; failure++) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !acceptor.pausedAt(System.nanoTime()));
            long before = System.nanoTime();
            assertThat(acceptor.acceptPending(c -> {})).isZero();

            assertThat(listener.accepts)
                    .as("one accept() per failure, no retry in a loop")
                    .isEqualTo(failure);
            assertThat(stats.rejected(RejectReason.ACCEPT_ERROR)).isEqualTo(failure);
            assertThat(acceptor.pausedAt(acceptor.resumeAtNanos() - 1)).isTrue();
            assertThat(acceptor.pausedAt(acceptor.resumeAtNanos())).isFalse();
            pauses.add(acceptor.resumeAtNanos() - before);
        }
        assertThat(pauses.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(pauses.get(1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(pauses.get(2)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    /** A listener that is open and bound to nothing, and whose every accept fails as EMFILE does. */
    private static final class FailingListener extends ServerSocketChannel {
        int accepts;

        FailingListener() {
            super(SelectorProvider.provider());
        }

        @Override
        public SocketChannel accept() throws IOException {
            accepts++;
            throw new IOException("Too many open files");
        }

        @Override
        public ServerSocketChannel bind(SocketAddress local, int backlog) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T getOption(SocketOption<T> name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return Set.of();
        }

        @Override
        public ServerSocket socket() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketAddress getLocalAddress() {
            return null;
        }

        @Override
        protected void implCloseSelectableChannel() {}

        @Override
        protected void implConfigureBlocking(boolean block) {}
    }
}
