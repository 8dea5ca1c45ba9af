package dev.echolab.stress;

import dev.echolab.server.IoModel;
import dev.echolab.server.ModelUsage;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * One server to load.
 *
 * @param label   the model id, or for a free target the model it names or else its {@code host:port}
 * @param model   the model, or null for a free target
 * @param address where the server listens now, or null when it is not running; asked when its turn comes
 * @param probe   the server's CPU time and threads, or null when they cannot be seen (a free target)
 */
public record Target(String label, IoModel model, Supplier<InetSocketAddress> address, Probe probe) {

    /** Reads what a server's own threads hold and have spent. Called a few times a second; may be slow-ish. */
    @FunctionalInterface
    public interface Probe {
        Usage sample();
    }

    /** CPU time of the server's threads so far, and the threads it holds now. */
    public record Usage(long cpuNanos, int threads) {}

    /** One of this process's models: its cost is read from its own threads, sampled afresh ({@link ModelUsage#now}). */
    public static Target of(IoModel model, Supplier<InetSocketAddress> address, ModelUsage usage) {
        return new Target(model.id(), model, address, () -> {
            ModelUsage.Usage now = usage.now(model);
            return new Usage(now.cpuNanos(), now.threads());
        });
    }

    /** A server outside this process, called {@code label}: the model it names, or its {@code host:port}. */
    public static Target free(String label, InetSocketAddress address) {
        return new Target(label, null, () -> address, null);
    }

    /**
     * The {@code target} tag of the load generator's meters: {@code local} for this process's own servers (their
     * port may change from run to run), else the {@code host:port} loaded.
     */
    public String tag() {
        if (probe != null) {
            return "local";
        }
        InetSocketAddress where = address.get();
        return where == null ? label : where.getHostString() + ":" + where.getPort();
    }
}
