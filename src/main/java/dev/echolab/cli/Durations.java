package dev.echolab.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How every flag that takes a time reads and shows it: {@code 500ms}, {@code 90s}, {@code 1m30s}, {@code 2m},
 * {@code 1.5s}, {@code 0s}; units {@code d h m s ms us ns}, largest first. A bare number other than 0 has no unit and
 * is refused: {@code --duration 30} could mean anything.
 */
final class Durations implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(d|h|ms|m|s|us|µs|ns)");
    private static final String[] UNITS = {"d", "h", "m", "s", "ms", "us", "µs", "ns"};
    private static final long[] NANOS = {
        86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1_000L, 1L
    };

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** The duration a flag's value says; a {@link TypeConversionException} in words when it says none. */
    static Duration parse(String value) {
        String text = value.strip();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = PART.matcher(text);
        double nanos = 0;
        int at = 0;
        int lastUnit = -1;
        while (at < text.length() && part.find(at) && part.start() == at) {
            int unit = unit(part.group(2));
            if (unit <= lastUnit) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration: give its units largest first, each once (1m30s)");
            }
            lastUnit = unit;
            nanos += Double.parseDouble(part.group(1)) * NANOS[unit];
            at = part.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw new TypeConversionException("'" + value + "' is not a duration (500ms, 90s, 1m30s, 2m)");
        }
        if (nanos > Long.MAX_VALUE) {
            throw new TypeConversionException("'" + value + "' is longer than any run can be");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** As {@link #parse} reads it, in the fewest parts: {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long left = duration.toNanos();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals("µs")) {
                continue;
            }
            long whole = left / NANOS[i];
            if (whole > 0) {
                out.append(whole).append(UNITS[i]);
                left -= whole * NANOS[i];
            }
        }
        return out.toString();
    }

    private static int unit(String name) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(name)) {
                return i == 6 ? 5 : i; // µs is us
            }
        }
        throw new IllegalArgumentException(name);
    }
}
