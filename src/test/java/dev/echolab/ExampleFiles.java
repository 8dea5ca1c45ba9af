package dev.echolab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The example files of the OpenAPI document (src/main/resources/openapi/examples), for tests that reuse them. */
public final class ExampleFiles {

    public static final Path DIRECTORY = Path.of("src", "main", "resources", "openapi", "examples");

    private ExampleFiles() {}

    /** The text of the example file {@code file}, such as {@code stress-run-succeeded.json}. */
    public static String read(String file) {
        try {
            return Files.readString(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every example file whose name starts with {@code prefix}, by name, with its text. */
    public static Map<String, String> starting(String prefix) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(DIRECTORY)) {
            list.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .forEach(name -> files.put(name, read(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
