package dev.echolab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.cli.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Markdown (README.md, the other files of the repository root, docs/) names only what exists: every
 * {@code echo.*} property is in the configuration metadata the build generates, every {@code /api/…} path and
 * {@code /problems/…} type is in the committed OpenAPI document, every flag of a {@code java -jar … <subcommand>}
 * command line is an option of that subcommand, and every relative link reaches a file, with its {@code #anchor} a
 * heading there. Plain files and the command line's model: no Spring context. The seam: the checks above, and
 * {@link Markdown}, which reads a file as GitHub renders it (code blocks, inline code, links, heading anchors).
 *
 * <p>Over 300 lines: the four checks share {@link Markdown}, the reader of the files.
 */
class DocsConsistencyTests {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    private static final Path OPENAPI = Path.of("docs/openapi.json");

    /** {@code echo.} and its segments; {@code <id>} stands for any segment, a last {@code *} for any rest. */
    private static final Pattern PROPERTY =
            Pattern.compile("(?:(?<=-D)|(?<![\\w.]))echo(?:\\.(?:[a-z0-9][a-z0-9-]*|<[a-z]+>|\\*))+");
    /** {@code /api} and the segments after it, up to what cannot be in a path of ours (a query, a quote, a space). */
    private static final Pattern API_PATH = Pattern.compile("(?<![\\w.])/api((?:/[^\\s/`'\"()\\[\\]?#|,;*<>]+)+)");

    private static final Pattern PROBLEM_TYPE = Pattern.compile("/problems/([a-z][a-z-]*[a-z])");
    private static final Pattern JAR_COMMAND = Pattern.compile("java\"?\\s+-jar\\s+\\S*echo-lab\\S*\\.jar\\b(.*)");
    /** Where a command line ends: a pipe, a list, a redirection, a comment. */
    private static final Pattern COMMAND_END = Pattern.compile("\\s(?:\\||;|&|[12]?>|<|#)|`");

    private static final Pattern INLINE_CODE = Pattern.compile("`+([^`]+)`+");
    private static final Pattern LINK =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    @Test
    void everyEchoPropertyNamedExists() throws IOException {
        assertThat(METADATA)
                .as("the configuration metadata, generated at compile time (./mvnw compile)")
                .exists();
        Set<String> known = new TreeSet<>();
        JsonNode metadata = JsonMapper.builder().build().readTree(METADATA.toFile());
        for (String kind : List.of("properties", "groups")) {
            metadata.path(kind).forEach(node -> known.add(node.path("name").asString()));
        }

        Findings unknown = new Findings();
        for (Markdown doc : markdown()) {
            PROPERTY.matcher(doc.text()).results().map(MatchResult::group).forEach(named -> {
                Pattern meant = propertyPattern(named);
                unknown.check(
                        doc,
                        named,
                        known.stream().anyMatch(name -> meant.matcher(name).matches()));
            });
        }
        unknown.assertNone("echo.* properties (in " + METADATA + ")");
    }

    @Test
    void everyApiPathAndProblemTypeNamedIsInTheOpenApiDocument() throws IOException {
        String openApiText = Files.readString(OPENAPI);
        List<List<String>> paths = new ArrayList<>();
        JsonMapper.builder()
                .build()
                .readTree(openApiText)
                .path("paths")
                .propertyNames()
                .forEach(path -> paths.add(segments(path.substring("/api".length()))));
        Set<String> problemTypes =
                PROBLEM_TYPE.matcher(openApiText).results().map(m -> m.group(1)).collect(Collectors.toSet());

        Findings unknown = new Findings();
        for (Markdown doc : markdown()) {
            API_PATH.matcher(doc.text()).results().forEach(named -> {
                List<String> said = segments(named.group(1).replaceAll("[.:…]+$", ""));
                unknown.check(doc, named.group(), paths.stream().anyMatch(path -> sameRoute(said, path)));
            });
            PROBLEM_TYPE
                    .matcher(doc.text())
                    .results()
                    .forEach(named -> unknown.check(doc, named.group(), problemTypes.contains(named.group(1))));
        }
        unknown.assertNone("API paths and problem types (in " + OPENAPI + ")");
    }

    @Test
    void everyFlagOfACommandLineIsAnOptionOfItsSubcommand() throws IOException {
        CommandLine cli = new CommandLine(Cli.class, new AnyConstructorFactory());
        Findings unknown = new Findings();
        for (Markdown doc : markdown()) {
            for (String command : doc.commandLines()) {
                Matcher jar = JAR_COMMAND.matcher(command);
                if (jar.find()) {
                    checkFlags(cli, jar.group(1), flag -> unknown.check(doc, flag + ": " + command.strip(), false))
                            .forEach(ok -> unknown.check(doc, ok, true));
                }
            }
        }
        unknown.assertNone("flags of java -jar command lines");
    }

    /**
     * The words after {@code java -jar …jar}, up to the end of the command: the first bare word is the subcommand,
     * later ones are values and file names; every {@code --flag} must be an option of the subcommand (or of the
     * top command without one). {@code --echo.*=…} goes to the properties, which the property check covers.
     *
     * @return the flags found, each either an option or handed to {@code unknown}
     */
    private static List<String> checkFlags(CommandLine cli, String rest, Consumer<String> unknown) {
        Matcher end = COMMAND_END.matcher(rest);
        String words =
                rest.substring(0, end.find() ? end.start() : rest.length()).strip();
        List<String> options = new ArrayList<>();
        CommandLine target = cli;
        for (String word : words.split("\\s+")) {
            if (word.equals("…") || word.equals("...")) {
                break; // the rest is left out on purpose
            }
            if (!word.startsWith("-")) {
                if (target == cli && !word.isEmpty()) {
                    target = cli.getSubcommands().get(word);
                    if (target == null) {
                        unknown.accept("no command " + word);
                        break;
                    }
                }
                continue;
            }
            String flag = word.split("=", 2)[0];
            if (flag.contains(".")) {
                continue;
            }
            if (target.getCommandSpec().optionsMap().containsKey(flag)) {
                options.add(flag);
            } else {
                unknown.accept(target.getCommandName() + " has no " + flag);
            }
        }
        return options;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Map<Path, Set<String>> anchors = new HashMap<>();
        Findings broken = new Findings();
        for (Markdown doc : markdown()) {
            for (String link : doc.links()) {
                if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:: not ours to check
                }
                String[] parts = link.split("#", 2);
                Path file = parts[0].isEmpty()
                        ? doc.path()
                        : doc.path()
                                .resolveSibling(URLDecoder.decode(parts[0], StandardCharsets.UTF_8))
                                .normalize();
                if (!Files.exists(file)) {
                    broken.check(doc, link + " (no such file)", false);
                } else if (parts.length == 2 && file.toString().endsWith(".md")) {
                    Set<String> there =
                            anchors.computeIfAbsent(file, f -> Markdown.read(f).anchors());
                    broken.check(doc, link + " (no such heading)", there.contains(parts[1]));
                } else {
                    broken.check(doc, link, true);
                }
            }
        }
        broken.assertNone("relative links");
    }

    /** What a check found, by Markdown file: how many names it checked, and those that do not exist. */
    private static final class Findings {

        private final Map<String, Set<String>> missing = new TreeMap<>();
        private int checked;

        void check(Markdown doc, String named, boolean exists) {
            checked++;
            if (!exists) {
                missing.computeIfAbsent(doc.name(), k -> new TreeSet<>()).add(named);
            }
        }

        void assertNone(String what) {
            assertThat(checked).as("%s found in the Markdown", what).isPositive();
            assertThat(missing)
                    .as("%s named in the Markdown that do not exist", what)
                    .isEmpty();
        }
    }

    private static Pattern propertyPattern(String named) {
        String regex = Stream.of(named.split("\\."))
                .map(segment ->
                        segment.startsWith("<") ? "[a-z0-9-]+" : segment.equals("*") ? ".+" : Pattern.quote(segment))
                .collect(Collectors.joining("\\."));
        // A group (echo.stress) names the properties under it.
        return Pattern.compile(regex + "(?:\\..+)?");
    }

    private static List<String> segments(String path) {
        return Stream.of(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * A literal segment of the docs matches the same literal or a template ({@code {model}}); a placeholder of the
     * docs ({@code {id}}, {@code <id>}, {@code $id}) matches only a template.
     */
    private static boolean sameRoute(List<String> said, List<String> path) {
        if (said.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < said.size(); i++) {
            boolean template = path.get(i).startsWith("{");
            boolean placeholder = said.get(i).matches("^[{<$].*");
            if (placeholder ? !template : !(template || said.get(i).equals(path.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static List<Markdown> markdown() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> root = Files.list(Path.of(""))) {
            root.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        assertThat(files).as("Markdown files").contains(Path.of("README.md"));
        return files.stream().sorted().map(Markdown::read).toList();
    }

    /** One Markdown file, its lines and which of them are inside a fenced code block. */
    private record Markdown(Path path, List<String> lines, List<Boolean> fenced) {

        static Markdown read(Path path) {
            List<String> lines;
            try {
                lines = Files.readAllLines(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Boolean> fenced = new ArrayList<>();
            boolean inside = false;
            for (String line : lines) {
                boolean fence = line.stripLeading().startsWith("```");
                fenced.add(inside || fence);
                inside ^= fence;
            }
            return new Markdown(path, lines, fenced);
        }

        String name() {
            return path.toString();
        }

        String text() {
            return String.join("\n", lines);
        }

        /** Prose paragraphs, with the code blocks left out. */
        private List<String> paragraphs() {
            List<String> paragraphs = new ArrayList<>();
            StringBuilder paragraph = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (fenced.get(i) || lines.get(i).isBlank()) {
                    paragraphs.add(paragraph.toString());
                    paragraph.setLength(0);
                } else {
                    paragraph.append(lines.get(i)).append(' ');
                }
            }
            paragraphs.add(paragraph.toString());
            return paragraphs;
        }

        /** Lines of code blocks (a trailing backslash joins the next one) and inline code spans of the prose. */
        List<String> commandLines() {
            List<String> commands = new ArrayList<>();
            StringBuilder command = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (!fenced.get(i)) {
                    continue;
                }
                String line = lines.get(i);
                if (line.endsWith("\\")) {
                    command.append(line, 0, line.length() - 1).append(' ');
                } else {
                    commands.add(command.append(line).toString());
                    command.setLength(0);
                }
            }
            for (String paragraph : paragraphs()) {
                INLINE_CODE.matcher(paragraph).results().map(m -> m.group(1)).forEach(commands::add);
            }
            return commands;
        }

        /** Link targets of the prose: code (fenced or inline) holds no links. */
        List<String> links() {
            return paragraphs().stream()
                    .flatMap(p ->
                            LINK.matcher(INLINE_CODE.matcher(p).replaceAll("")).results())
                    .map(m -> m.group(1))
                    .toList();
        }

        /** The anchors GitHub gives the headings (and any {@code <a id>}), duplicates numbered as it numbers them. */
        Set<String> anchors() {
            Set<String> anchors = new TreeSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                HTML_ANCHOR.matcher(lines.get(i)).results().forEach(m -> anchors.add(m.group(1)));
                Matcher heading = HEADING.matcher(lines.get(i));
                if (fenced.get(i) || !heading.matches()) {
                    continue;
                }
                String slug = heading.group(1)
                        .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                int times = seen.merge(slug, 1, Integer::sum);
                anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
            }
            return anchors;
        }
    }

    /**
     * Builds the command classes whatever their constructors take (the commands take the stream their result goes
     * to): only their annotated options are read, nothing is run.
     */
    private static final class AnyConstructorFactory implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return CommandLine.defaultFactory().create(type);
            } catch (Exception noDefault) {
                Constructor<?> constructor = type.getDeclaredConstructors()[0];
                constructor.setAccessible(true);
                Object[] args = new Object[constructor.getParameterCount()];
                Class<?>[] types = constructor.getParameterTypes();
                for (int i = 0; i < args.length; i++) {
                    args[i] = types[i] == PrintStream.class ? System.out : Array.get(Array.newInstance(types[i], 1), 0);
                }
                return type.cast(constructor.newInstance(args));
            }
        }
    }
}
