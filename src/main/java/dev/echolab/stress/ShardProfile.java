package dev.echolab.stress;

import dev.echolab.stress.ShardSet.Member;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What every shard of one run must have run alike for their sum to be one run's: the servers, the message, the loop,
 * the timing. Connections, rate and silent connections are each shard's share of the whole: shares of one split differ
 * by at most one. Load-generator threads are each machine's own and may differ.
 */
final class ShardProfile {

    /** Fields that must be equal, as the request names them. */
    private static final List<Field> SAME = List.of(
            new Field("models", StressRequest::models),
            new Field("targets", StressRequest::targets),
            new Field("payloadBytes", StressRequest::payloadBytes),
            new Field("pipeline", StressRequest::pipeline),
            new Field("openLoop", StressRequest::openLoop),
            new Field("durationSeconds", StressRequest::durationSeconds),
            new Field("messagesPerConnection", StressRequest::messagesPerConnection),
            new Field("warmupSeconds", StressRequest::warmupSeconds),
            new Field("rampUpSeconds", StressRequest::rampUpSeconds),
            new Field("connectTimeoutMs", StressRequest::connectTimeoutMs),
            new Field("responseTimeoutMs", StressRequest::responseTimeoutMs),
            new Field("repeats", StressRequest::repeats));

    /** Fields that are each shard's share of the whole. */
    private static final List<Share> SHARES = List.of(
            new Share("connections", StressRequest::connections),
            new Share("ratePerSecond", r -> r.ratePerSecond() == null ? 0 : r.ratePerSecond()),
            new Share("idleConnections", StressRequest::idleConnections));

    private record Field(String name, Function<StressRequest, Object> value) {}

    private record Share(String name, ToLongFunction<StressRequest> value) {}

    private ShardProfile() {}

    /** Adds a reason for each field in which the shards' requests disagree. */
    static void differences(List<Member> members, List<String> reasons) {
        Member first = members.getFirst();
        for (Field field : SAME) {
            Object expected = field.value().apply(first.run().request());
            members.stream()
                    .filter(m -> !Objects.equals(field.value().apply(m.run().request()), expected))
                    .findFirst()
                    .ifPresent(m -> reasons.add("the shards ran different profiles: " + field.name() + " is "
                            + expected + " in " + ShardSet.name(first) + " but "
                            + field.value().apply(m.run().request()) + " in " + ShardSet.name(m)));
        }
        for (Share share : SHARES) {
            Comparator<Member> byShare = Comparator.comparingLong(
                    m -> share.value().applyAsLong(m.run().request()));
            Member least = Collections.min(members, byShare);
            Member most = Collections.max(members, byShare);
            long low = share.value().applyAsLong(least.run().request());
            long high = share.value().applyAsLong(most.run().request());
            if (high - low > 1) {
                reasons.add("the shards ran different profiles: " + share.name() + " is " + low + " in "
                        + ShardSet.name(least) + " but " + high + " in " + ShardSet.name(most)
                        + " (shares of one run differ by one at most)");
            }
        }
    }
}
