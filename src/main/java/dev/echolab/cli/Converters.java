package dev.echolab.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How the command line reads instants and shards ({@link Durations}: times); picocli names the flag when one fails. */
final class Converters {

    private Converters() {}

    /**
     * ISO-8601 ({@code 2026-11-30T14:00:00Z}) or milliseconds since the epoch; {@code now} (no wait) lets a compose
     * file leave it unset.
     */
    static final class StartAt implements ITypeConverter<Instant> {

        @Override
        public Instant convert(String value) {
            if (value.equals("now")) {
                return null;
            }
            if (value.matches("\\d{1,15}")) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is neither an ISO-8601 instant "
                        + "(2026-11-30T14:00:00Z) nor milliseconds since the epoch");
            }
        }
    }

    /** {@code i/N}: share i (from 0) of N. */
    static final class ShardOf implements ITypeConverter<Shard> {

        @Override
        public Shard convert(String value) {
            String[] parts = value.split("/", -1);
            if (parts.length == 2 && parts[0].matches("\\d{1,6}") && parts[1].matches("\\d{1,6}")) {
                int index = Integer.parseInt(parts[0]);
                int count = Integer.parseInt(parts[1]);
                if (count >= 1 && index < count) {
                    return Shard.indexed(index, count);
                }
            }
            throw new TypeConversionException("'" + value + "' is not i/N with 0 <= i < N (e.g. 0/4)");
        }
    }
}
