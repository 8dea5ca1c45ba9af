package dev.echolab.cli;

import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRequestValidator.Violation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code run}'s flags name the fields of a {@link StressRequest}: the one table between the two, used to put the
 * API's answer to a bad request in the flags' words, and to show the request's own defaults in {@code --help}.
 */
final class RunFlags {

    /** Request field → flag, in the order of the flags. */
    private static final Map<String, String> FLAGS = flags();

    /** {@code targets[1].model} → {@code targets} and 1. */
    private static final Pattern ELEMENT = Pattern.compile("(\\w+)\\[(\\d+)]\\..*");

    private RunFlags() {}

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("models", "--model");
        flags.put("targets", "--target");
        flags.put("connections", "--connections");
        flags.put("payloadBytes", "--payload-bytes");
        flags.put("durationSeconds", "--duration");
        flags.put("messagesPerConnection", "--messages-per-connection");
        flags.put("warmupSeconds", "--warmup");
        flags.put("pipeline", "--pipeline");
        flags.put("ratePerSecond", "--rate");
        flags.put("rampUpSeconds", "--ramp-up");
        flags.put("connectTimeoutMs", "--connect-timeout");
        flags.put("responseTimeoutMs", "--response-timeout");
        flags.put("idleConnections", "--idle-connections");
        flags.put("threads", "--threads");
        flags.put("repeats", "--repeats");
        return Map.copyOf(flags);
    }

    /** The flag of a request field or property path ({@code targets[0].model} → {@code --target}). */
    static String flag(String field) {
        Matcher element = ELEMENT.matcher(field);
        String name = element.matches() ? element.group(1) : field.replaceFirst("\\[.*", "");
        return FLAGS.getOrDefault(name, field);
    }

    /**
     * A violation as the command line says it: the flag (with the value, for one of several {@code --target}s),
     * then the API's message with every field it names put as its flag.
     */
    static String describe(Violation violation, StressRequest request) {
        Matcher element = ELEMENT.matcher(violation.field());
        String where = flag(violation.field());
        if (element.matches() && element.group(1).equals("targets")) {
            var target = request.targets().get(Integer.parseInt(element.group(2)));
            where += " " + target.address() + (target.model() == null ? "" : "=" + target.model());
        }
        return where + ": " + inFlagWords(violation.message());
    }

    /**
     * A message of the API with its field names as flags. A two-word field ({@code ratePerSecond}) is one wherever it
     * stands; a plain word ({@code pipeline}) only where it names the field: first in the message or before its
     * value, so that "models" in a sentence stays a word.
     */
    static String inFlagWords(String message) {
        String out = message;
        for (Map.Entry<String, String> e : FLAGS.entrySet()) {
            String field = Pattern.quote(e.getKey());
            String flag = Matcher.quoteReplacement(e.getValue());
            // Never inside a flag already put in (--connections): no '-' or letter before the name.
            String at = "(?<![-\\w])" + field;
            out = e.getKey().chars().anyMatch(Character::isUpperCase)
                    ? out.replaceAll(at + "\\b", flag)
                    : out.replaceAll("^" + field + "\\b", flag).replaceAll(at + "(?= \\d)", flag);
        }
        return out;
    }

    /**
     * The request's defaults, for {@code ${bundle:default.<field>}} in the flags' descriptions: so {@code --help}
     * shows what {@link StressRequest} fills in, and nothing else keeps a copy of it.
     */
    static ResourceBundle defaults() {
        StressRequest d = StressRequest.of(List.of());
        Object[][] contents = {
            {"default.connections", d.connections().toString()},
            {"default.payloadBytes", d.payloadBytes().toString()},
            {"default.durationSeconds", seconds(d.durationSeconds())},
            {"default.warmupSeconds", seconds(d.warmupSeconds())},
            {"default.pipeline", d.pipeline().toString()},
            {"default.rampUpSeconds", seconds(d.rampUpSeconds())},
            {"default.connectTimeoutMs", Durations.format(Duration.ofMillis(d.connectTimeoutMs()))},
            {"default.responseTimeoutMs", Durations.format(Duration.ofMillis(d.responseTimeoutMs()))},
            {"default.idleConnections", d.idleConnections().toString()},
            {"default.repeats", d.repeats().toString()}
        };
        return new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return contents;
            }
        };
    }

    private static String seconds(double seconds) {
        return Durations.format(Duration.ofNanos(Math.round(seconds * 1e9)));
    }
}
