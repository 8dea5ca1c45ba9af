package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.ExampleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every list of the models outside {@link IoModel} is rendered from it or checked against it, so that none drifts:
 * the model table of every Markdown file that marks one ({@value #START} … {@value #END}, in the repository root and
 * under docs/), the ports the Dockerfile, docker-compose.yml and deploy/k8s/servers.yaml publish, and the OpenAPI
 * examples that name models ({@link ServerExamples}; {@code GET /api/models}'s are rendered at run time). After a
 * change to IoModel, rewrite the tables with {@value #REGENERATE}; the other files say what to write when they fail.
 *
 * <p>Over 300 lines: one renderer or check per file that lists the models, each beside its own format.
 */
class ModelCatalogTests {

    static final String START = "<!-- models:start -->";
    static final String END = "<!-- models:end -->";
    private static final String REGENERATE = "./mvnw test -Dtest=ModelCatalogTests -Dmodels.write=true";
    /** The API's own port, which the container and Kubernetes files publish beside the models'. */
    private static final int HTTP_PORT = 8080;

    private static final Path ROOT = Path.of("");
    private static final Path SOURCES = Path.of("src/main/java/dev/echolab/server");
    private static final Pattern POINTER = Pattern.compile("\\{@link IoModel#([A-Z_]+)}");

    @Test
    void everyModelTableIsTheOneIoModelRenders() throws IOException {
        List<Path> marked =
                markdownFiles().stream().filter(ModelCatalogTests::hasTable).toList();
        assertThat(marked).as("Markdown files with a model table").contains(Path.of("docs", "models.md"));
        List<String> drifted = new ArrayList<>();
        for (Path file : marked) {
            String text = Files.readString(file);
            String rendered = withTable(text, table(file));
            if (!rendered.equals(text)) {
                if (Boolean.getBoolean("models.write")) {
                    Files.writeString(file, rendered);
                } else {
                    drifted.add(file.toString());
                }
            }
        }
        assertThat(drifted)
                .as(
                        "model tables that differ from IoModel; after a change to IoModel, rewrite them with %s",
                        REGENERATE)
                .isEmpty();
    }

    @Test
    void everyModelHasAClassWhoseJavadocPointsToItsConstant() {
        Map<IoModel, List<Path>> classes = modelClasses();
        for (IoModel model : IoModel.values()) {
            assertThat(classes.get(model))
                    .as(
                            "%s: a class in %s whose javadoc starts with {@link IoModel#%s} (its prose lives in IoModel)",
                            model.id(), SOURCES, model.name())
                    .isNotEmpty();
        }
    }

    @Test
    void theDockerfileExposesTheModelsPorts() throws IOException {
        String expose = Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(line -> line.startsWith("EXPOSE "))
                .findFirst()
                .orElse("EXPOSE");
        Set<Integer> ports =
                ports(Arrays.asList(expose.substring("EXPOSE".length()).trim().split("\\s+")));
        assertThat(ports)
                .as("Dockerfile: %s; write `EXPOSE %d %s`", expose, HTTP_PORT, ranges())
                .contains(HTTP_PORT);
        assertThat(without(ports, HTTP_PORT))
                .as("Dockerfile: %s; write `EXPOSE %d %s`", expose, HTTP_PORT, ranges())
                .isEqualTo(modelPorts());
    }

    @Test
    @SuppressWarnings("unchecked")
    void composePublishesTheModelsPorts() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> app = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("app");
        List<String> published =
                ((List<Object>) app.get("ports")).stream().map(String::valueOf).toList();
        // host:container, where the host side may start with an address: the container's ports are what listen
        Set<Integer> ports = ports(
                published.stream().map(p -> p.substring(p.lastIndexOf(':') + 1)).toList());
        assertThat(without(ports, HTTP_PORT))
                .as(
                        "docker-compose.yml, service app, ports %s; publish the models' default ports: "
                                + "\"${ECHO_PUBLISH_ADDRESS:-127.0.0.1}:%s:%s\"",
                        published, ranges(), ranges())
                .isEqualTo(modelPorts());
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesServesTheModelsPorts() throws IOException {
        Path file = Path.of("deploy", "k8s", "servers.yaml");
        Set<Integer> container = new TreeSet<>();
        Set<Integer> service = new TreeSet<>();
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
            Map<String, Object> resource = (Map<String, Object>) document;
            Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
            if ("Deployment".equals(resource.get("kind"))) {
                Map<String, Object> pod =
                        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
                for (Object c : (List<Object>) pod.get("containers")) {
                    for (Object p : (List<Object>) ((Map<String, Object>) c).get("ports")) {
                        container.add((Integer) ((Map<String, Object>) p).get("containerPort"));
                    }
                }
            } else if ("Service".equals(resource.get("kind"))) {
                for (Object p : (List<Object>) spec.get("ports")) {
                    service.add((Integer) ((Map<String, Object>) p).get("port"));
                }
            }
        }
        String write = "one `- {name: echo-N, containerPort: N}` in the Deployment and one "
                + "`- {name: echo-N, port: N, targetPort: echo-N}` in the Service for each of " + modelPorts();
        assertThat(without(container, HTTP_PORT))
                .as("%s, Deployment container ports; write %s", file, write)
                .isEqualTo(modelPorts());
        assertThat(without(service, HTTP_PORT))
                .as("%s, Service ports; write %s", file, write)
                .isEqualTo(modelPorts());
    }

    /**
     * The server examples of the OpenAPI document name real models, each on its own default port: a renamed model
     * or a moved port would otherwise leave the document describing another lab.
     */
    @Test
    void theServerExamplesNameRealModelsOnTheirDefaultPorts() {
        Pattern named = Pattern.compile("\"model\": \"([^\"]+)\"|/api/servers/([a-z0-9-]+)/");
        Pattern modelPort = Pattern.compile("\\b7\\d{3}\\b");
        Map<String, String> examples = ExampleFiles.starting("server");
        assertThat(examples).as("server examples in %s", ExampleFiles.DIRECTORY).isNotEmpty();
        examples.forEach((file, example) -> {
            List<IoModel> models = new ArrayList<>();
            Matcher m = named.matcher(example);
            while (m.find()) {
                String id = m.group(1) != null ? m.group(1) : m.group(2);
                models.add(IoModel.byId(id)
                        .orElseThrow(() -> new AssertionError(file + " names " + id + ", which is no model")));
            }
            Set<Integer> theirs = models.stream().map(IoModel::defaultPort).collect(Collectors.toSet());
            Matcher p = modelPort.matcher(example);
            while (p.find()) {
                assertThat(theirs)
                        .as(
                                "%s names port %s: it should be the default port of the model it is about (%s)",
                                file,
                                p.group(),
                                models.stream().map(IoModel::id).distinct().toList())
                        .contains(Integer.parseInt(p.group()));
            }
        });
    }

    // --- rendering ---

    /** The model table as {@code file} shows it: one row per model, links relative to the file. */
    static String table(Path file) {
        Map<IoModel, List<Path>> classes = modelClasses();
        Path from = file.toAbsolutePath().getParent();
        StringBuilder out = new StringBuilder();
        out.append("| id | port | clients at once | what serves a client | IO runs on | transport | threads |")
                .append(" where it blocks | idea of [the note](")
                .append(link(from, Path.of("docs", "the-note.md")))
                .append(") | code |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (IoModel model : IoModel.values()) {
            String code = classes.getOrDefault(model, List.of()).stream()
                    .map(c -> "[" + c.getFileName().toString().replace(".java", "") + "](" + link(from, c) + ")")
                    .collect(Collectors.joining(", "));
            out.append("| `")
                    .append(model.id())
                    .append("` | ")
                    .append(model.defaultPort())
                    .append(" | ")
                    .append(words(model.clientsAtOnce()))
                    .append(" | ")
                    .append(words(model.serving()))
                    .append(" | ")
                    .append(words(model.ioThreads()))
                    .append(" | ")
                    .append(words(model.transport()))
                    .append(" | ")
                    .append(cell(model.threads()))
                    .append(" | ")
                    .append(cell(model.blocksOn()))
                    .append(" | ")
                    .append(cell(model.noteIdea()))
                    .append(" | ")
                    .append(code)
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String words(IoModel.ClientsAtOnce clients) {
        return switch (clients) {
            case ONE -> "one";
            case POOL -> "a pool's worth";
            case ALL -> "all";
        };
    }

    private static String words(IoModel.Serving serving) {
        return switch (serving) {
            case THREAD_PER_CLIENT -> "a thread per client";
            case EVENT_LOOP -> "an event loop";
            case COMPLETION_HANDLERS -> "completion handlers";
        };
    }

    private static String words(IoModel.IoThreads threads) {
        return switch (threads) {
            case PLATFORM -> "its platform threads";
            case VIRTUAL -> "virtual threads";
            case COROUTINES -> "coroutines on a hub";
        };
    }

    private static String words(IoModel.Transport transport) {
        return switch (transport) {
            case JDK -> "the JDK's";
            case NETTY -> "Netty (epoll, else NIO)";
            case NETTY_IO_URING -> "Netty on io_uring (no fall back)";
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String link(Path from, Path to) {
        return from.relativize(to.toAbsolutePath()).toString();
    }

    private static String withTable(String text, String table) {
        int start = text.indexOf(START);
        int end = text.indexOf(END, start);
        if (start < 0 || end < 0) {
            throw new AssertionError("a model table needs both " + START + " and, after it, " + END);
        }
        return text.substring(0, start + START.length()) + "\n" + table + text.substring(end);
    }

    private static boolean hasTable(Path file) {
        try {
            return Files.readString(file).contains(START);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Markdown files in the repository root and anywhere under docs/. */
    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> root = Files.list(ROOT.toAbsolutePath())) {
            root.filter(p -> p.toString().endsWith(".md"))
                    .map(ROOT.toAbsolutePath()::relativize)
                    .forEach(files::add);
        }
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        return files;
    }

    /**
     * Each model's classes: those whose class javadoc starts by pointing to its constant ({@code {@link
     * IoModel#NAME}}), the convention by which a model's prose lives once, in IoModel.
     */
    static Map<IoModel, List<Path>> modelClasses() {
        Map<IoModel, List<Path>> classes = new EnumMap<>(IoModel.class);
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                Matcher declaration = Pattern.compile(
                                "(?m)^(?:public |final |abstract )*(?:class|enum|interface|record) ")
                        .matcher(text);
                if (!declaration.find()) {
                    continue;
                }
                int doc = text.lastIndexOf("/**", declaration.start());
                if (doc < 0) {
                    continue;
                }
                String firstLine = text.substring(doc, declaration.start())
                        .lines()
                        .skip(1)
                        .findFirst()
                        .orElse("")
                        .replaceFirst("^\\s*\\*\\s*", "");
                if (!firstLine.startsWith("{@link IoModel#")) {
                    continue;
                }
                Matcher pointer = POINTER.matcher(firstLine);
                while (pointer.find()) {
                    classes.computeIfAbsent(IoModel.valueOf(pointer.group(1)), m -> new ArrayList<>())
                            .add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    // --- ports ---

    private static Set<Integer> modelPorts() {
        return Arrays.stream(IoModel.values()).map(IoModel::defaultPort).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The models' default ports as the shortest list of ranges: {@code 7001-7011}. */
    private static String ranges() {
        List<String> out = new ArrayList<>();
        List<Integer> ports = List.copyOf(modelPorts());
        for (int i = 0; i < ports.size(); ) {
            int j = i;
            while (j + 1 < ports.size() && ports.get(j + 1) == ports.get(j) + 1) {
                j++;
            }
            out.add(i == j ? String.valueOf(ports.get(i)) : ports.get(i) + "-" + ports.get(j));
            i = j + 1;
        }
        return String.join(" ", out);
    }

    /** Ports and ranges ({@code 8080}, {@code 7001-7011}, {@code 7001/tcp}) as the set of ports they name. */
    private static Set<Integer> ports(List<String> specs) {
        Set<Integer> ports = new TreeSet<>();
        for (String spec : specs) {
            String bare = spec.replaceFirst("/.*$", "");
            if (bare.isBlank()) {
                continue;
            }
            String[] ends = bare.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[ends.length - 1]);
            for (int p = from; p <= to; p++) {
                ports.add(p);
            }
        }
        return ports;
    }

    private static Set<Integer> without(Set<Integer> ports, int port) {
        Set<Integer> rest = new TreeSet<>(ports);
        rest.remove(port);
        return rest;
    }
}
