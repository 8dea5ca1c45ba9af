package dev.echolab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.MissingTool;
import dev.echolab.cli.Cli;
import dev.echolab.server.IoModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/k8s} renders with {@code kubectl kustomize} and keeps its promises: an Indexed Job of N generators
 * that never retries, runs long enough and keeps its logs; a Service whose ports are the models' default ports;
 * probes on Boot's probe groups; Prometheus labels {@code role} and {@code generator}. Without kubectl the test is
 * skipped, except under {@code CI=true}, where it fails.
 */
class KubernetesManifestsTests {

    /** The longest wait for START_AT the documented launch asks for (a minute ahead), with room. */
    private static final Duration START_WAIT = Duration.ofMinutes(2);

    private static List<Map<String, Object>> objects;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void render() throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", "deploy/k8s")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            MissingTool.skipOrFail("kubectl is needed to render deploy/k8s: " + e.getMessage());
            return;
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(kubectl.exitValue()).as(out).isZero();
        objects = new ArrayList<>();
        new Yaml().loadAll(out).forEach(o -> objects.add((Map<String, Object>) o));
    }

    @Test
    void generatorsAreAnIndexedJobOfNThatNeverRetriesAndKeepsItsLogs() {
        Map<String, Object> job = object("Job", "echo-lab-loadgen");
        Map<String, String> profile = loadgenConfig();
        int shards = Integer.parseInt(profile.get("SHARDS"));
        assertThat(at(job, "spec.completionMode")).isEqualTo("Indexed");
        assertThat(at(job, "spec.parallelism")).isEqualTo(shards);
        assertThat(at(job, "spec.completions")).isEqualTo(shards);
        assertThat(at(job, "spec.backoffLimit")).isEqualTo(0);
        assertThat((Integer) at(job, "spec.ttlSecondsAfterFinished")).isGreaterThanOrEqualTo(3600);
        assertThat(at(job, "spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable"))
                .isEqualTo("ScheduleAnyway");

        Duration needed = START_WAIT
                .plus(time(profile, "RAMP_UP"))
                .plus(time(profile, "WARMUP"))
                .plus(time(profile, "DURATION"))
                .plus(time(profile, "LINGER"))
                .plus(Duration.ofSeconds(30)); // the drain: response and connect timeouts, and stopping
        assertThat((long) (Integer) at(job, "spec.activeDeadlineSeconds")).isGreaterThanOrEqualTo(needed.toSeconds());

        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) at(job, "spec.template.spec.containers[0].args");
        assertThat(args)
                .startsWith("run")
                .contains(
                        "--shard=$(JOB_COMPLETION_INDEX)/$(SHARDS)",
                        "--start-at=$(START_AT)",
                        "--metrics-port=8080",
                        "--linger=$(LINGER)");
    }

    @Test
    void theGeneratorsArgumentsAreFlagsTheCommandLineAccepts() {
        Map<String, Object> job = object("Job", "echo-lab-loadgen");
        Map<String, String> env = new HashMap<>(loadgenConfig());
        env.put("JOB_COMPLETION_INDEX", "0");
        env.put("START_AT", "2000-01-01T00:00:00Z"); // long past: accepted as a flag, then refused as late (exit 2)
        @SuppressWarnings("unchecked")
        List<String> args = ((List<String>) at(job, "spec.template.spec.containers[0].args"))
                .stream().map(a -> expand(a, env)).toList();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.execute(
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--start-at", "late");
    }

    @Test
    void theServicesPortsAreTheModelsDefaultPortsAndTheApi() {
        Set<Integer> expected = Arrays.stream(IoModel.values())
                .map(IoModel::defaultPort)
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add(8080);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ports =
                (List<Map<String, Object>>) at(object("Service", "echo-lab-servers"), "spec.ports");
        Set<Integer> servicePorts =
                ports.stream().map(p -> (Integer) p.get("port")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(servicePorts).isEqualTo(expected);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> containerPorts = (List<Map<String, Object>>)
                at(object("Deployment", "echo-lab-servers"), "spec.template.spec.containers[0].ports");
        Set<Integer> podPorts = containerPorts.stream()
                .map(p -> (Integer) p.get("containerPort"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(podPorts).isEqualTo(expected);
    }

    @Test
    void serversHaveProbesOnBootsGroupsLimitsANonRootUserAndTheirPasswordFromASecret() {
        Map<String, Object> deployment = object("Deployment", "echo-lab-servers");
        String container = "spec.template.spec.containers[0].";
        assertThat(at(deployment, container + "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(deployment, container + "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(env(deployment).get("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE"))
                .isEqualTo("readinessState,echoServers");
        assertThat(env(deployment).get("ECHO_BIND_ADDRESS")).isEqualTo("0.0.0.0");
        assertThat(at(deployment, container + "resources.requests.cpu")).isNotNull();
        assertThat(at(deployment, container + "resources.limits.memory")).isNotNull();
        assertThat(at(deployment, "spec.template.spec.securityContext.runAsNonRoot"))
                .isEqualTo(true);
        assertThat(at(deployment, container + "env[1].valueFrom.secretKeyRef.name"))
                .isEqualTo("echo-lab-api");
    }

    @Test
    void prometheusLabelsEveryTargetWithRoleAndGenerator() throws IOException {
        Map<String, Object> monitor = object("PodMonitor", "echo-lab");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) at(monitor, "spec.podMetricsEndpoints");
        assertThat(endpoints).extracting(e -> e.get("port")).containsExactlyInAnyOrder("http", "metrics");
        for (Map<String, Object> endpoint : endpoints) {
            assertThat(endpoint.get("relabelings").toString())
                    .contains(
                            "targetLabel=role",
                            "targetLabel=generator",
                            "__meta_kubernetes_pod_label_batch_kubernetes_io_job_completion_index");
        }
        // The plain-Prometheus example (Debian's promtool cannot check kubernetes_sd_configs): read it here.
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>)
                new Yaml().load(Files.readString(Path.of("deploy/k8s/prometheus/kubernetes-sd.yml")));
        Map<String, Object> job = pathed(config, "scrape_configs[0]");
        assertThat(at(job, "kubernetes_sd_configs[0].role")).isEqualTo("pod");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> relabel = (List<Map<String, Object>>) job.get("relabel_configs");
        assertThat(relabel).extracting(r -> r.get("target_label")).contains("role", "generator");
        relabel.stream().map(r -> r.get("regex")).filter(r -> r != null).forEach(r -> Pattern.compile(r.toString()));
        String podLabel = "__meta_kubernetes_pod_label_";
        Map<String, Object> servers = object("Deployment", "echo-lab-servers");
        assertThat(relabel.toString()).contains(podLabel + "role", podLabel + "app_kubernetes_io_name");
        assertThat(at(servers, "spec.template.metadata.labels").toString())
                .contains("role=server", "app.kubernetes.io/name=echo-lab");
    }

    private static Map<String, String> loadgenConfig() {
        Map<String, Object> configMap = objects.stream()
                .filter(o -> "ConfigMap".equals(o.get("kind")))
                .filter(o -> at(o, "metadata.name").toString().startsWith("echo-lab-loadgen"))
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) configMap.get("data");
        return data;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> deployment) {
        List<Map<String, Object>> env =
                (List<Map<String, Object>>) at(deployment, "spec.template.spec.containers[0].env");
        Map<String, String> values = new HashMap<>();
        env.forEach(e -> values.put((String) e.get("name"), (String) e.get("value")));
        return values;
    }

    private static Duration time(Map<String, String> profile, String key) {
        return DurationStyle.detectAndParse(profile.get(key));
    }

    /** {@code $(NAME)} as Kubernetes expands it from the container's environment. */
    private static String expand(String arg, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(arg);
        return m.replaceAll(r -> Matcher.quoteReplacement(env.get(r.group(1))));
    }

    private static Map<String, Object> object(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(at(o, "metadata.name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pathed(Map<String, Object> root, String path) {
        return (Map<String, Object>) at(root, path);
    }

    /** A value at {@code a.b[0].c}; null when absent. */
    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> root, String path) {
        Object node = root;
        for (String step : path.split("\\.(?![^\\[]*\\])")) {
            Matcher m = Pattern.compile("(.+?)(?:\\[(\\d+)])?").matcher(step);
            if (!m.matches() || !(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(m.group(1));
            if (m.group(2) != null) {
                node = node instanceof List<?> list && list.size() > Integer.parseInt(m.group(2))
                        ? list.get(Integer.parseInt(m.group(2)))
                        : null;
            }
        }
        return node;
    }
}
