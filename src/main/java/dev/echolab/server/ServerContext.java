package dev.echolab.server;

import dev.echolab.server.EchoStats.ErrorKind;
import dev.echolab.server.EchoStats.RejectReason;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of one server shares, whichever model it is: its settings and counters, the connection limit,
 * its threads (made, named and counted by the {@link ModelThreads} registry of its {@link EchoServers}), and the
 * closed-by-stop rule. Made by {@link IoModel#create}; a model's IO code gets it instead of keeping its own copy of
 * any of these. Thread-safe.
 */
final class ServerContext {

    private static final Logger log = LoggerFactory.getLogger(ServerContext.class);

    /**
     * The most one read takes, in every model: 16 KiB moves a stream at full speed, and where each connection holds
     * a buffer of its own (a thread per client, {@code async}) 10,000 connections hold 160 MB, not 640. Netty's
     * models size each read by what the last ones brought, up to this.
     */
    static final int READ_CHUNK = 16 * 1024;

    /**
     * Reads one connection gets in a row, in a loop that serves many, before the loop serves the others: a
     * {@code greenlet} coroutine's turn before it switches back to the hub, Netty's {@code maxMessagesPerRead}. A
     * selector loop of this package reads each ready connection once per select; a thread per client has no turn
     * to give up (the OS scheduler shares the cores).
     */
    static final int READS_PER_TURN = 16;

    /**
     * Bytes one connection may read in a turn, whichever of this and {@link #READS_PER_TURN} comes first: four full
     * reads. {@code greenlet} honours it; Netty bounds a turn by reads only, each sized by what the last ones brought.
     */
    static final int BYTES_PER_TURN = 64 * 1024;

    private final IoModel model;
    private final ServerSettings settings;
    private final EchoStats stats;
    private final ModelThreads threads;
    /** One permit per connection served; taken by {@link #admit()}, given back by {@link #release()}. */
    private final Semaphore permits;
    /** Set while stop() force-closes connections: the errors that causes are not the clients'. */
    private volatile boolean closingByStop;
    /** A host out of threads refuses client after client: said once per server, not once per client. */
    private final AtomicBoolean noThreadLogged = new AtomicBoolean();

    ServerContext(IoModel model, ServerSettings settings, EchoStats stats, ModelThreads threads) {
        this.model = model;
        this.settings = settings;
        this.stats = stats;
        this.threads = threads;
        this.permits = new Semaphore(settings.maxConnections());
    }

    IoModel model() {
        return model;
    }

    ServerSettings settings() {
        return settings;
    }

    EchoStats stats() {
        return stats;
    }

    IdleTimeout idleTimeout() {
        return settings.idleTimeout();
    }

    /** Bytes one read takes at most: {@link #READ_CHUNK}, or less where the buffer setting is smaller. */
    int readChunk() {
        return Math.min(READ_CHUNK, settings.bufferBytes());
    }

    /**
     * The connection limit, for a client just accepted: true if it may be served (counted as opened; whoever
     * serves it must {@link #release()} it exactly once), false if it is over the limit (counted as refused; the
     * caller closes it at once).
     */
    boolean admit() {
        if (!permits.tryAcquire()) {
            stats.reject(RejectReason.OVER_LIMIT);
            return false;
        }
        stats.connectionOpened();
        return true;
    }

    /** An admitted connection has closed: counted, and its slot under the limit is free again. */
    void release() {
        stats.connectionClosed();
        permits.release();
    }

    /**
     * An admitted client for whom no thread could be started (the host is out of tasks, a pool refused it): counted
     * as refused ({@code no-thread}), and logged once per server. The caller has closed and {@link #release()}d it.
     */
    void refusedForNoThread(Throwable why) {
        stats.reject(RejectReason.NO_THREAD);
        if (noThreadLogged.compareAndSet(false, true)) {
            log.error(
                    "{}: cannot start a thread for a client; refusing clients until one can be started (logged once)",
                    model.id(),
                    why);
        }
    }

    /** Connections admitted and not yet released: what a stopping server drains. */
    int openConnections() {
        return settings.maxConnections() - permits.availablePermits();
    }

    /** Counts the error that ended a connection, unless stop() caused it by closing the connection. */
    void countError(ErrorKind kind) {
        if (!closingByStop) {
            stats.error(kind);
        }
    }

    void countError(Throwable e) {
        countError(ErrorKind.of(e));
    }

    boolean closingByStop() {
        return closingByStop;
    }

    void closingByStop(boolean closing) {
        closingByStop = closing;
    }

    /** Platform threads named {@code echo-<id>-<role>-N} (or {@code echo-<id>-N}), counted as the model's. */
    ThreadFactory threads(String role) {
        return threads.platform(model, role);
    }

    /** One started platform thread named {@code echo-<id>-<name>}, counted as the model's. */
    Thread startThread(String name, Runnable task) {
        return threads.start(model, name, task);
    }

    /** A library's threads (named {@code echo-<id>-…} by it), counted as the model's. */
    ThreadFactory adoptThreads(ThreadFactory named) {
        return threads.adopt(model, named);
    }

    /** Virtual threads named {@code echo-<id>-<role>-N}, counted as the model's while they run. */
    ThreadFactory virtualThreads(String role) {
        return threads.virtual(model, role);
    }

    /** As {@link #virtualThreads(String)}, made by {@code builder} (one with a scheduler of its own). */
    ThreadFactory virtualThreads(String role, Thread.Builder.OfVirtual builder) {
        return threads.virtual(model, role, builder);
    }

    /** The model's virtual threads that run now. */
    int virtualThreadsNow() {
        return threads.virtualThreads(model);
    }

    /** Where the model's coroutines add the carrier time they ran ({@link ModelThreads#carrierTimeSpentBy}). */
    LongAdder carrierTime() {
        return threads.carrierTimeSpentBy(model);
    }
}
