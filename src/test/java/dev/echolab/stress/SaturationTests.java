package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import dev.echolab.server.ServerSettings;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs whose load generator, or whole machine, was the limit: they say so, with the figure, and what went silent
 * meanwhile is not held against the server. The generator is made slow on purpose (it sleeps on every pass of its
 * loop) and the machine's CPU counters are fixed, so the verdicts do not depend on this machine's load; the
 * assertions are on statuses and fields, never on a duration.
 */
@Timeout(30)
class SaturationTests {

    private final EchoServers servers = new EchoServers(m -> ServerSettings.loopback(), m -> false);
    private IoModel started;
    private FaultyServer faulty;

    @AfterEach
    void stopServers() throws Exception {
        if (started != null) {
            servers.stop(started);
        }
        if (faulty != null) {
            faulty.close();
        }
    }

    @Test
    void anOpenLoopThatFallsBehindItsScheduleIsClientBoundWhateverItsCpu() throws Exception {
        // 4 connections at 400 msg/s: a message every 10 ms per connection; the loop sleeps 30 ms a pass
        StressRequest request =
                new StressRequest(null, null, 4, 64, 1.0, null, 0.0, null, 400, 0.0, 2_000, 2_000, 0, 1, null);

        ModelResult result = Load.run(request, start(IoModel.MULTIPLEXING), Load.slowGenerator(() -> 30));

        ModelResult.SendLag lag = result.client().sendLag();
        assertThat(lag.intervalMicros()).isEqualTo(10_000.0);
        assertThat(lag.sends()).isPositive();
        assertThat(lag.p99Micros()).isGreaterThan(lag.intervalMicros());
        assertThat(lag.late()).isGreaterThan(lag.sends() / 100);
        assertThat(lag.histogram()).isNotBlank();
        assertThat(result.clientBound()).isTrue();
        assertThat(result.client().boundBy()).contains(ClientBound.SEND_LAG, ClientBound.LATE_SENDS);
        assertThat(result.status())
                .as("nothing went silent: the figures are a floor, the run is valid: %s", result.notes())
                .isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note).contains("fell behind its schedule"))
                .anySatisfy(note -> assertThat(note).contains("sends").contains("late"));
    }

    @Test
    void timeoutsOfAGeneratorTooSlowToReadAreInconclusiveNotTheServers() throws Exception {
        // A healthy server, ping-pong. The loop connects and sends on its first pass, then sleeps 5 s at the start of
        // the next: longer than the 1 s response timeout, so every connection is given up for silence while its
        // echo sits unread in the socket, and the loop never waited for the network but on its first pass (at most
        // one sweep period, 20 ms, well under 2% of the window).
        StressRequest request =
                new StressRequest(null, null, 3, 64, 10.0, null, 0.0, 1, null, 0.0, 2_000, 1_000, 0, 1, null);
        AtomicInteger passes = new AtomicInteger();

        ModelResult result = Load.run(
                request,
                start(IoModel.MULTIPLEXING),
                Load.slowGenerator(() -> passes.getAndIncrement() == 0 ? 0 : 5_000));

        assertThat(result.status())
                .as("%s %s %s", result.notes(), result.client(), result.cost())
                .isEqualTo(ModelResult.Status.INCONCLUSIVE);
        assertThat(result.clientBound()).isTrue();
        assertThat(result.client().boundBy()).contains(ClientBound.NEVER_IDLE);
        assertThat(result.client().idleShare()).isLessThan(ClientBound.NEVER_IDLE_BELOW);
        assertThat(result.cost().cpuUtilization()).isLessThan(ClientBound.SERVER_SATURATED);
        assertThat(result.errors().responseTimeout() + result.integrity().unserved())
                .as("every connection given up for silence")
                .isEqualTo(3);
        assertThat(result.integrity().missingBytes())
                .as("not held against the server")
                .isZero();
        assertThat(result.integrity().verified()).isTrue();
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("Inconclusive")
                        .contains("the load generator was saturated")
                        .contains("fewer connections")
                        .contains("another machine"))
                .noneSatisfy(note -> assertThat(note).contains("clients at a time"));
    }

    @Test
    void aSlowGeneratorAgainstAServerOutsideTheAppIsClientBoundThoughItsCpuReadsLow() throws Exception {
        // Ping-pong with a server whose CPU the app cannot see. The loop sleeps 20 ms a pass (so its CPU meter reads
        // low) and finds every echo waiting when it wakes: it never waits for the network, so it sets the pace.
        StressRequest request =
                new StressRequest(null, null, 4, 64, 1.0, null, 0.0, 1, null, 0.0, 2_000, 2_000, 0, 1, null);

        started = IoModel.MULTIPLEXING;
        ResolvedTarget outside = Load.loopback(servers.start(started, 0).port());

        ModelResult result = Load.run(request, outside, Load.slowGenerator(() -> 20));

        assertThat(result.cost().cpuUtilization())
                .as("the server's CPU is not seen")
                .isNull();
        assertThat(result.client().cpuUtilization()).isLessThan(ClientBound.BUSY);
        assertThat(result.client().idleShare()).isLessThan(ClientBound.NEVER_IDLE_BELOW);
        assertThat(result.clientBound()).isTrue();
        assertThat(result.client().boundBy()).containsExactly(ClientBound.NEVER_IDLE);
        assertThat(result.status())
                .as("nothing went silent: the figures are a floor, the run is valid: %s", result.notes())
                .isEqualTo(ModelResult.Status.SUCCEEDED);
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("never waited for the server")
                        .contains("cannot be seen")
                        .contains("floor"));
    }

    @Test
    void aServerThatStopsAnsweringOnASaturatedMachineIsInconclusive() throws Exception {
        ModelResult result = Load.run(Load.closedLoop(5, 3.0, 300), stopsAnsweringAfter1000Bytes(), Load.machine(95));

        assertThat(result.machineBound()).isTrue();
        assertThat(result.status()).as("%s", result.notes()).isEqualTo(ModelResult.Status.INCONCLUSIVE);
        assertThat(result.errors().responseTimeout())
                .as("what happened is still counted")
                .isEqualTo(5);
        assertThat(result.integrity().missingBytes()).isZero();
        assertThat(result.integrity().unansweredBytes())
                .as("the message in flight on each connection")
                .isEqualTo(5L * 64);
        assertThat(result.integrity().verified()).isTrue();
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("Inconclusive: 5 connections given up for silence")
                        .contains("the whole machine was saturated")
                        .contains("unansweredBytes"));
    }

    @Test
    void theSameServerOnAQuietMachineFails() throws Exception {
        ModelResult result = Load.run(Load.closedLoop(5, 3.0, 300), stopsAnsweringAfter1000Bytes(), Load.machine(10));

        assertThat(result.machineBound()).isFalse();
        assertThat(result.status()).as("%s", result.notes()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.integrity().missingBytes()).isEqualTo(5L * 64);
        assertThat(result.integrity().unansweredBytes()).isZero();
        assertThat(result.integrity().verified()).isFalse();
    }

    @Test
    void aWrongByteFailsTheServerHoweverBusyTheMachine() throws Exception {
        faulty = new FaultyServer(() -> (read, offset, out) -> {
            read[0] ^= 1;
            out.write(read);
            return true;
        });

        ModelResult result = Load.run(Load.closedLoop(3, 0.5, 2_000), Load.loopback(faulty.port()), Load.machine(95));

        assertThat(result.machineBound()).isTrue();
        assertThat(result.status()).isEqualTo(ModelResult.Status.FAILED);
        assertThat(result.integrity().mismatches()).isEqualTo(3);
    }

    private ResolvedTarget stopsAnsweringAfter1000Bytes() throws Exception {
        faulty = new FaultyServer(() -> (read, offset, out) -> {
            if (offset + read.length <= 1000) {
                out.write(read);
            }
            return true; // goes on reading, never answering again
        });
        return Load.loopback(faulty.port());
    }

    private ResolvedTarget start(IoModel model) throws Exception {
        started = model;
        return Load.local(servers, model);
    }
}
