package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Shares of a sharded run: indexed shares add up to the whole; unindexed ones drop the remainder, and say so. */
class ShardTests {

    @ParameterizedTest
    @CsvSource({"500, 1", "500, 2", "501, 2", "7, 3", "100000, 7", "3, 3"})
    void indexedSharesAddUpToTheWholeAndDifferByAtMostOne(long whole, int count) {
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < count; i++) {
            long share = Shard.indexed(i, count).share(whole);
            sum += share;
            min = Math.min(min, share);
            max = Math.max(max, share);
        }
        assertThat(sum).isEqualTo(whole);
        assertThat(max - min).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"500, 4, 125, 0", "501, 4, 125, 1", "10, 3, 3, 1"})
    void unindexedSharesAreEqualAndDropTheRemainder(long whole, int count, long share, long dropped) {
        Shard shard = Shard.unindexed(count, "loadgen-1");
        assertThat(shard.share(whole)).isEqualTo(share);
        assertThat(shard.dropped(whole)).isEqualTo(dropped);
        assertThat(shard.share(whole) * count + shard.dropped(whole)).isEqualTo(whole);
    }
}
