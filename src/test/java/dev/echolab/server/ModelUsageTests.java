package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.server.ModelUsage.Usage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ModelUsageTests {

    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final ModelUsage usage = new ModelUsage(this::sample, Duration.ofSeconds(1), now::get);

    @Test
    void everyModelReadWithinMaxAgeSharesOneSample() {
        for (IoModel model : IoModel.values()) {
            assertThat(usage.of(model).platformThreads()).isEqualTo(1);
        }
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(usage.of(IoModel.BLOCKING).platformThreads()).isEqualTo(1);
        assertThat(samples).hasValue(1);
    }

    @Test
    void aReadAfterMaxAgeSamplesAgain() {
        usage.of(IoModel.BLOCKING);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(usage.of(IoModel.BLOCKING).platformThreads()).isEqualTo(2);
        assertThat(samples).hasValue(2);
    }

    @Test
    void aReadAfterForgetSamplesAgain() {
        usage.of(IoModel.BLOCKING);
        usage.forget();
        assertThat(usage.of(IoModel.BLOCKING).platformThreads()).isEqualTo(2);
    }

    @Test
    void aReadNowSamplesAgainAndRefreshesTheCachedOne() {
        usage.of(IoModel.BLOCKING);
        assertThat(usage.now(IoModel.BLOCKING).platformThreads()).isEqualTo(2);
        assertThat(usage.of(IoModel.BLOCKING).platformThreads()).isEqualTo(2);
        assertThat(samples).hasValue(2);
    }

    @Test
    void theApiAndTheMetricsOfOneRegistryShareOneUsage() {
        EchoServers servers = new EchoServers(m -> ServerSettings.loopback(), m -> false);
        assertThat(servers.usage()).isSameAs(servers.usage());
    }

    /** Each sample reports its own sequence number as every model's thread count. */
    private Map<IoModel, Usage> sample() {
        int n = samples.incrementAndGet();
        Map<IoModel, Usage> out = new EnumMap<>(IoModel.class);
        for (IoModel model : IoModel.values()) {
            out.put(model, new Usage(n, 0, n * 1_000L));
        }
        return out;
    }
}
