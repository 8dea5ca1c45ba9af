package dev.echolab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The per-connection byte stream: regenerated in any stretch, and every differing byte found at its offset. */
class EchoPatternTests {

    private static final long SEED = EchoPattern.seed(7, 3);

    @Test
    void anyStretchIsTheSameStreamWhereverItStarts() {
        for (long offset = 0; offset < 24; offset++) {
            for (int length = 0; length < 40; length++) {
                ByteBuffer buffer = filled(offset, length);
                for (int i = 0; i < length; i++) {
                    assertThat(buffer.get(i))
                            .as("offset %d + %d", offset, i)
                            .isEqualTo(EchoPattern.byteAt(SEED, offset + i));
                }
            }
        }
    }

    @Test
    void anIntactStretchHasNoMismatch() {
        for (long offset = 0; offset < 16; offset++) {
            assertThat(EchoPattern.firstMismatch(filled(offset, 100), SEED, offset))
                    .isEqualTo(-1);
        }
    }

    @Test
    void everyDifferingByteIsFoundAtItsOffset() {
        for (long offset = 1_000_000; offset < 1_000_009; offset++) {
            for (int bad = 0; bad < 40; bad++) {
                ByteBuffer buffer = filled(offset, 40);
                buffer.put(bad, (byte) (buffer.get(bad) ^ 1));
                assertThat(EchoPattern.firstMismatch(buffer, SEED, offset)).isEqualTo(offset + bad);
            }
        }
    }

    @Test
    void connectionsGetDifferentStreams() {
        long other = EchoPattern.seed(7, 4);
        int same = 0;
        for (long offset = 0; offset < 4096; offset++) {
            same += EchoPattern.byteAt(SEED, offset) == EchoPattern.byteAt(other, offset) ? 1 : 0;
        }
        assertThat(same).as("about 1 in 256 by chance").isLessThan(64);
    }

    private static ByteBuffer filled(long offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        EchoPattern.fill(buffer, SEED, offset, length);
        return buffer.flip();
    }
}
