package dev.echolab.server;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * What a {@link Reactor} does about accepting: nothing ({@link #NONE}, an IO reactor of {@code multi-reactor}), or
 * accept from a listener it owns ({@link Accepting}). Called on the reactor's thread only.
 */
interface Acceptance {

    Acceptance NONE = new Acceptance() {};

    default void register(Selector selector) throws IOException {}

    default void acceptPending() {}

    /** When a paused acceptor wants to be woken to accept again, if it is paused. */
    default OptionalLong resumeAtNanos(long nowNanos) {
        return OptionalLong.empty();
    }

    default void updateInterest(Selector selector) {}

    /** Closes the listener and deregisters it, so that the port is free at once; idempotent. */
    default void close(Selector selector) {}

    /** Accepts from {@code acceptor} and gives every new connection to {@code handoff}, which must not block. */
    record Accepting(ChannelAcceptor acceptor, Consumer<Connection> handoff) implements Acceptance {

        @Override
        public void register(Selector selector) throws IOException {
            acceptor.listener().register(selector, SelectionKey.OP_ACCEPT, acceptor);
        }

        @Override
        public void acceptPending() {
            acceptor.acceptPending(handoff);
        }

        @Override
        public OptionalLong resumeAtNanos(long nowNanos) {
            return acceptor.pausedAt(nowNanos) ? OptionalLong.of(acceptor.resumeAtNanos()) : OptionalLong.empty();
        }

        /** After an accept failure, stop selecting OP_ACCEPT until the back-off pause is over, instead of sleeping. */
        @Override
        public void updateInterest(Selector selector) {
            if (!acceptor.listener().isOpen()) {
                return;
            }
            SelectionKey key = acceptor.listener().keyFor(selector);
            int ops = acceptor.pausedAt(System.nanoTime()) ? 0 : SelectionKey.OP_ACCEPT;
            if (key != null && key.isValid() && key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        @Override
        public void close(Selector selector) {
            if (!acceptor.listener().isOpen()) {
                return;
            }
            acceptor.close();
            if (selector == null) {
                return; // never registered
            }
            try {
                selector.selectNow(); // deregisters the listener: only then does the JDK release the port
            } catch (IOException | ClosedSelectorException ignored) {
                // the selector is closing too: the port is released with it
            }
        }
    }
}
