package dev.echolab.cli;

import dev.echolab.server.EchoProperties;
import dev.echolab.stress.StressProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The service's settings a command reads: {@code echo.*} (the {@code echo.stress.*} limits a request is checked
 * against, the settings of a {@code --model} started in-process) from {@code --echo.*=value} flags, {@code -Decho.*}
 * system properties and {@code ECHO_*} environment variables, first found wins, bound by Spring Boot's binder with
 * the service's defaults; and {@code --logging.level.<name>=<level>}. No Spring application starts, so
 * {@code application.yml} and {@code --spring.*} play no part.
 *
 * @param echo      the {@code echo.*} settings of the echo servers
 * @param stress    the {@code echo.stress.*} limits
 * @param logLevels logger name → level, as {@code --logging.level.*} asked
 */
record PassThrough(EchoProperties echo, StressProperties stress, Map<String, String> logLevels) {

    /**
     * Reads the flags that are neither a command's own nor anything else.
     *
     * @throws IllegalArgumentException naming the flag that is unknown or cannot be read
     */
    static PassThrough read(List<String> flags, Map<String, String> env) {
        List<String> echo = new ArrayList<>();
        Map<String, String> levels = new LinkedHashMap<>();
        for (String flag : flags) {
            int equals = flag.indexOf('=');
            String name = equals < 0 ? flag : flag.substring(0, equals);
            if (flag.startsWith("--spring.")) {
                throw new IllegalArgumentException(name + ": a command starts no Spring application, so --spring.* "
                        + "has no effect; echo.* settings are read (--echo.*=value) and log levels "
                        + "(--logging.level.<name>=<level>)");
            }
            if (equals < 0 || !flag.startsWith("--echo.") && !flag.startsWith("--logging.level.")) {
                throw new IllegalArgumentException("unknown flag " + name
                        + " (only --echo.*=value and --logging.level.<name>=<level> are passed on)");
            }
            if (flag.startsWith("--echo.")) {
                echo.add(flag);
            } else if (RunLogging.isLevel(flag.substring(equals + 1))) {
                levels.put(name.substring("--logging.level.".length()), flag.substring(equals + 1));
            } else {
                throw new IllegalArgumentException(name + ": '" + flag.substring(equals + 1)
                        + "' is not a level (TRACE, DEBUG, INFO, WARN, ERROR, OFF)");
            }
        }
        Binder binder = binder(echo, env);
        return new PassThrough(
                bind(binder, "echo", EchoProperties.class),
                bind(binder, "echo.stress", StressProperties.class),
                levels);
    }

    private static Binder binder(List<String> flags, Map<String, String> env) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SimpleCommandLinePropertySource(flags.toArray(String[]::new)));
        sources.addLast(new PropertiesPropertySource("systemProperties", System.getProperties()));
        sources.addLast(
                new SystemEnvironmentPropertySource("systemEnvironment", new LinkedHashMap<String, Object>(env)));
        return new Binder(
                ConfigurationPropertySources.from(sources), null, ApplicationConversionService.getSharedInstance());
    }

    private static <T> T bind(Binder binder, String prefix, Class<T> type) {
        try {
            return binder.bindOrCreate(prefix, Bindable.of(type));
        } catch (BindException e) {
            String property = e.getProperty() == null
                    ? e.getName().toString()
                    : e.getProperty().getName().toString();
            throw new IllegalArgumentException("--" + property + ": cannot be read: "
                    + NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        }
    }
}
