package dev.echolab.config;

import dev.echolab.server.IoModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every {@code echo.*} property the app reads, with the value it has when nothing but its own application.yml sets it:
 * the components of every {@code @ConfigurationProperties} record under {@code dev.echolab} (nested records of the app
 * are groups; a map of such records, {@code echo.servers}, has one group per model id, the only keys it accepts), and
 * the {@code ${echo.…:default}} placeholders of application.yml ({@code echo.history.dir}).
 */
final class BoundProperties {

    private static final String APPLICATION_YML = "application.yml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(echo\\.[a-z0-9.-]+):([^}]*)}");

    /** One property: its name, its value with no configuration (null when it has none), and its type. */
    record Property(String name, Object value, ResolvableType type) {}

    private BoundProperties() {}

    static List<Property> all() {
        Binder binder = binder();
        List<Property> properties = new ArrayList<>();
        for (Class<?> record : configurationRecords()) {
            if (!record.isRecord()) {
                throw new IllegalStateException(record + " is not a record: configuration here is records (their"
                        + " javadoc @param texts are the metadata's descriptions), which this walk reads");
            }
            ConfigurationProperties annotation = record.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            walk(binder, record, prefix, binder.bindOrCreate(prefix, record), properties);
        }
        Matcher placeholder = PLACEHOLDER.matcher(applicationYml());
        while (placeholder.find()) {
            properties.add(
                    new Property(placeholder.group(1), placeholder.group(2), ResolvableType.forClass(String.class)));
        }
        return properties;
    }

    private static void walk(Binder binder, Class<?> record, String prefix, Object bound, List<Property> out) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Object value = value(component, bound);
            Class<?> type = component.getType();
            if (isAppRecord(type)) {
                walk(binder, type, name, value, out);
            } else if (Map.class.isAssignableFrom(type) && isAppRecord(mapValueType(component))) {
                // The only map of records, echo.servers: its keys must be model ids (EchoProperties checks). The map
                // itself is a property too, whose metadata hints at its keys.
                out.add(new Property(name, null, ResolvableType.forMethodReturnType(component.getAccessor())));
                Class<?> valueType = mapValueType(component);
                for (IoModel model : IoModel.values()) {
                    String entry = name + "." + model.id();
                    walk(binder, valueType, entry, binder.bindOrCreate(entry, valueType), out);
                }
            } else {
                out.add(new Property(name, value, ResolvableType.forMethodReturnType(component.getAccessor())));
            }
        }
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            // A record of a feature package may be package-private.
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(component + " of " + record, e);
        }
    }

    private static boolean isAppRecord(Class<?> type) {
        return type.isRecord() && type.getPackageName().startsWith("dev.echolab");
    }

    private static Class<?> mapValueType(RecordComponent component) {
        return component.getGenericType() instanceof ParameterizedType map
                        && map.getActualTypeArguments()[1] instanceof Class<?> value
                ? value
                : Object.class;
    }

    private static List<Class<?>> configurationRecords() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> records = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.echolab")) {
            records.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), null));
        }
        return records;
    }

    /** The app's own configuration: its application.yml, every document of it, and nothing from this machine. */
    private static Binder binder() {
        try {
            List<PropertySource<?>> yml = new ArrayList<>(
                    new YamlPropertySourceLoader().load(APPLICATION_YML, new ClassPathResource(APPLICATION_YML)));
            // A later document overrides an earlier one; the binder takes the first source that has a property.
            Collections.reverse(yml);
            // ${echo.history.dir:./data}/outbox and the like resolved as the app resolves them.
            return new Binder(
                    ConfigurationPropertySources.from(yml),
                    new PropertySourcesPlaceholdersResolver(yml),
                    ApplicationConversionService.getSharedInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String applicationYml() {
        try (var in = new ClassPathResource(APPLICATION_YML).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
