package dev.echolab.stress;

import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.server.ModelUsage;
import dev.echolab.server.UnknownModelException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One server to load, resolved: what the engine runs against. A request names its servers by model id and by
 * {@link StressTarget}; {@link #of(StressRequest, EchoServers)} turns them into these, for the API and the command
 * line alike.
 *
 * @param label   the model id, or for a free target the model it names or else its {@code host:port}
 * @param model   the model, or null for a free target
 * @param address where the server listens now, or null when it is not running; asked when its turn comes
 * @param probe   the server's CPU time and threads, or null when they cannot be seen (a free target)
 */
public record ResolvedTarget(String label, IoModel model, Supplier<InetSocketAddress> address, Probe probe) {

    /** Reads what a server's own threads hold and have spent. Called a few times a second; may be slow-ish. */
    @FunctionalInterface
    public interface Probe {
        Usage sample();
    }

    /** CPU time of the server's threads so far, and the threads it holds now. */
    public record Usage(long cpuNanos, int threads) {}

    /**
     * A request's servers in the order a run loads them: its models (this process's own), then its targets, whose
     * names are looked up in DNS now (an unknown one stays {@link InetSocketAddress#isUnresolved() unresolved}).
     * Whether a model is running, or a target allowed, is the caller's question.
     *
     * @throws UnknownModelException for an id that is no model
     */
    public static List<ResolvedTarget> of(StressRequest request, EchoServers servers) {
        List<ResolvedTarget> targets = new ArrayList<>();
        for (String id : request.models()) {
            IoModel model = IoModel.byId(id).orElseThrow(() -> new UnknownModelException(id));
            targets.add(of(model, () -> address(servers, model), servers.usage()));
        }
        for (StressTarget target : request.targets()) {
            InetSocketAddress where = target.socketAddress();
            if (where == null) {
                throw new IllegalArgumentException("targets: '" + target.address() + "' " + StressTarget.NOT_HOST_PORT);
            }
            targets.add(free(target.label(), new InetSocketAddress(where.getHostString(), where.getPort())));
        }
        return targets;
    }

    /**
     * Where a model listens now, as a client reaches it (a wildcard bind is reached on loopback); null when it is not
     * running.
     */
    private static InetSocketAddress address(EchoServers servers, IoModel model) {
        EchoServers.ServerStatus status = servers.status(model);
        if (status.state() != EchoServers.State.RUNNING) {
            return null;
        }
        try {
            InetAddress host = InetAddress.getByName(status.bindAddress()); // an IP literal: no lookup
            return new InetSocketAddress(
                    host.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : host, status.port());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** One of this process's models: its cost is read from its own threads, sampled afresh ({@link ModelUsage#now}). */
    public static ResolvedTarget of(IoModel model, Supplier<InetSocketAddress> address, ModelUsage usage) {
        return new ResolvedTarget(model.id(), model, address, () -> {
            ModelUsage.Usage now = usage.now(model);
            return new Usage(now.cpuNanos(), now.threads());
        });
    }

    /** A server outside this process, called {@code label}: the model it names, or its {@code host:port}. */
    public static ResolvedTarget free(String label, InetSocketAddress address) {
        return new ResolvedTarget(label, null, () -> address, null);
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
