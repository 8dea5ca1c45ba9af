package dev.echolab.cli;

import dev.echolab.shards.ShardClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run}'s flags for a coordinated start ({@code --coordinator}, {@code --group}, {@code --round}): join the
 * group before the run is built (a generator without an index is given one), then hand {@link HeadlessRun} the
 * {@link Coordinated} start. Without {@code --coordinator}, nothing changes.
 */
final class CoordinatorOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(
            names = "--coordinator",
            paramLabel = "url",
            description = "A running Echo Lab service (http://echo-lab-servers:8080) that starts every shard at one "
                    + "instant and merges their results into one stored run; the password is ECHO_API_PASSWORD, the "
                    + "user ECHO_API_USERNAME (default admin)")
    private URI coordinator;

    @Option(
            names = "--group",
            paramLabel = "name",
            defaultValue = "${env:JOB_NAME}",
            description = "The shards' group at the coordinator (default: $JOB_NAME, a Kubernetes Job's name)")
    private String group;

    @Option(
            names = "--round",
            paramLabel = "id",
            defaultValue = "${env:JOB_UID}",
            description = "Which run of the group (default: $JOB_UID, the Job's uid): shards of another round never "
                    + "join this one; unset, the coordinator picks the round still joining")
    private String round;

    @Option(
            names = "--coordinator-timeout",
            paramLabel = "time",
            defaultValue = "10m",
            converter = Durations.class,
            description = "How long to wait for the coordinator, the targets and the other shards (default "
                    + "${DEFAULT-VALUE})")
    private Duration timeout;

    /** Set once joined. */
    private ShardClient client;

    /**
     * Joins the group as this share (without an index, the coordinator gives one) and returns the share it holds;
     * the share as it is without {@code --coordinator}.
     */
    Shard join(Shard share, Instant startAt) {
        if (coordinator == null) {
            return share;
        }
        if (startAt != null) {
            throw bad("--start-at and --coordinator: give one (the coordinator sets the start)");
        }
        if (share == Shard.WHOLE) {
            throw bad("--coordinator needs --shards N or --shard i/N");
        }
        if (group == null || group.isBlank()) {
            throw bad("--coordinator needs --group (or JOB_NAME set, as the Kubernetes manifests do)");
        }
        try {
            URI base = new URI(
                    coordinator.getScheme(), null, coordinator.getHost(), coordinator.getPort(), null, null, null);
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
                throw bad("--coordinator " + coordinator + " is not an http(s)://host[:port] URL");
            }
            client = new ShardClient(new ShardClient.Settings(
                    base,
                    group,
                    round == null || round.isBlank() ? null : round,
                    System.getenv().getOrDefault("ECHO_API_USERNAME", "admin"),
                    System.getenv("ECHO_API_PASSWORD"),
                    generator(),
                    timeout));
        } catch (URISyntaxException e) {
            throw bad("--coordinator " + coordinator + " is not an http(s)://host[:port] URL");
        }
        try {
            var membership = client.join(share.indexed() ? share.index() : null, share.count());
            return Shard.indexed(membership.index(), membership.shards());
        } catch (ShardClient.Refused e) {
            throw new Coordinated.Failed(e);
        }
    }

    /** The coordinated start for {@link HeadlessRun}, once joined; null without {@code --coordinator}. */
    Coordinated coordinated() {
        return client == null ? null : new Coordinated(client);
    }

    /** Who this generator is, to the coordinator: the host's name (a pod's, a container's) and this process. */
    private static String generator() {
        return RunCommand.hostName(System.getenv()) + ":"
                + ProcessHandle.current().pid();
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
