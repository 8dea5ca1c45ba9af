package dev.echolab.stress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte stream one connection sends: byte {@code i} is a pure function of the connection's seed and {@code i},
 * so the sender can regenerate any stretch of it and the verifier can check any echoed byte at its offset without
 * either storing what was sent. Eight bytes at a time come from one SplitMix64 step over the word index.
 *
 * <p>Buffers given here must be {@link ByteOrder#LITTLE_ENDIAN}: byte {@code k} of a word is then
 * {@code word >>> 8k}, which lets aligned stretches be written and compared a {@code long} at a time.
 */
final class EchoPattern {

    private EchoPattern() {}

    /** A well-spread seed for connection {@code index} of a run seeded with {@code runSeed}. */
    static long seed(long runSeed, int index) {
        return mix(runSeed + 0x9E3779B97F4A7C15L * (index + 1));
    }

    /** The byte at {@code offset} of the stream. */
    static byte byteAt(long seed, long offset) {
        return (byte) (word(seed, offset >>> 3) >>> ((offset & 7) << 3));
    }

    /** Puts {@code length} bytes of the stream, from {@code offset}, at the buffer's position. */
    static void fill(ByteBuffer buffer, long seed, long offset, int length) {
        int i = 0;
        while (i < length && ((offset + i) & 7) != 0) {
            buffer.put(byteAt(seed, offset + i++));
        }
        for (; length - i >= 8; i += 8) {
            buffer.putLong(word(seed, (offset + i) >>> 3));
        }
        while (i < length) {
            buffer.put(byteAt(seed, offset + i++));
        }
    }

    /**
     * Checks the bytes that came back, {@code buffer} from its position, against stream offset {@code offset}, where
     * only bytes before {@code sentUpTo} were ever sent. Returns the stream offset of the first byte that is wrong or
     * was never sent (a server that echoes more than it got), or -1 when every byte is right.
     */
    static long firstUnexpected(ByteBuffer buffer, long seed, long offset, long sentUpTo) {
        long expected = sentUpTo - offset;
        boolean tooMany = buffer.remaining() > expected;
        if (tooMany) {
            buffer.limit(buffer.position() + (int) expected);
        }
        long bad = firstMismatch(buffer, seed, offset);
        return bad < 0 && tooMany ? sentUpTo : bad;
    }

    /**
     * Compares the buffer's remaining bytes with the stream from {@code offset}.
     *
     * @return the stream offset of the first byte that differs, or -1 when all match
     */
    static long firstMismatch(ByteBuffer buffer, long seed, long offset) {
        int start = buffer.position();
        int length = buffer.remaining();
        int i = 0;
        while (i < length && ((offset + i) & 7) != 0) {
            if (buffer.get(start + i) != byteAt(seed, offset + i)) {
                return offset + i;
            }
            i++;
        }
        for (; length - i >= 8; i += 8) {
            if (buffer.getLong(start + i) != word(seed, (offset + i) >>> 3)) {
                break; // the byte loop below finds which one
            }
        }
        for (; i < length; i++) {
            if (buffer.get(start + i) != byteAt(seed, offset + i)) {
                return offset + i;
            }
        }
        return -1;
    }

    private static long word(long seed, long index) {
        return mix(seed + 0x9E3779B97F4A7C15L * index);
    }

    /** The SplitMix64 finaliser: cheap, and every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
