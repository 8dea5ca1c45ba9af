package dev.echolab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.EchoLabApplication;
import dev.echolab.EchoLabProcess;
import dev.echolab.MissingTool;
import dev.echolab.NeedsTool;
import dev.echolab.cli.Cli;
import dev.echolab.server.EchoServers;
import dev.echolab.server.IoModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/k8s} renders with {@code kubectl kustomize} and keeps its promises: an Indexed Job of N generators
 * started by the coordinator, each index run once (a failure reported, not retried into another run), long enough,
 * its logs kept; a Service whose ports are the models' default ports; probes on Boot's probe groups; the
 * {@code app.kubernetes.io} labels; a PodMonitor for this app's pods only, with the release label; a Guaranteed
 * server; NetworkPolicies; no service-account token. And the Job's pods, simulated from the rendered YAML as the
 * kubelet would start them (env, downward API, {@code $(VAR)} in args), run against a local service with no edit.
 * Without kubectl the test is skipped, except under {@code CI=true}, where it fails.
 *
 * <p>Over 300 lines: one promise per test over the same rendered manifests, and the kubelet simulation that
 * runs the Job's pods, which every promise about the pods shares.
 */
@NeedsTool(KubernetesManifestsTests.Kubectl.class)
class KubernetesManifestsTests {

    private static final String JOB = "echo-lab-loadgen";
    /** The uid the simulated Job has: the round its pods join. */
    private static final String JOB_UID = "5f0c9a52-8f61-4c3e-9d0e-2b1f7f0c6a11";

    private static final String NAME = "app.kubernetes.io/name";
    private static final String INSTANCE = "app.kubernetes.io/instance";
    private static final String COMPONENT = "app.kubernetes.io/component";

    private static List<Map<String, Object>> objects;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        objects = render("deploy/k8s");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(String dir) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", dir)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            MissingTool.skipOrFail("kubectl is needed to render " + dir + ": " + e.getMessage());
            return List.of();
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(kubectl.exitValue()).as(out).isZero();
        List<Map<String, Object>> rendered = new ArrayList<>();
        new Yaml().loadAll(out).forEach(o -> rendered.add((Map<String, Object>) o));
        return rendered;
    }

    @Test
    void generatorsAreAnIndexedJobOfNEachIndexRunOnceLongEnoughKeepingItsLogs() {
        Map<String, Object> job = object(objects, "Job", JOB);
        Map<String, String> profile = loadgenConfig(objects);
        int shards = Integer.parseInt(profile.get("SHARDS"));
        assertThat(at(job, "spec.completionMode")).isEqualTo("Indexed");
        assertThat(at(job, "spec.parallelism")).isEqualTo(shards);
        assertThat(at(job, "spec.completions")).isEqualTo(shards);
        // Each index once: the generator's own verdicts fail it at once; anything else is tried once more, and a
        // pod that comes after the start is refused by the coordinator (exit 2), so no retry joins another run.
        assertThat(at(job, "spec.backoffLimitPerIndex")).isEqualTo(1);
        assertThat(at(job, "spec.backoffLimit"))
                .as("left to backoffLimitPerIndex")
                .isNull();
        assertThat(at(job, "spec.podFailurePolicy.rules[0].action")).isEqualTo("FailIndex");
        assertThat(at(job, "spec.podFailurePolicy.rules[0].onExitCodes.containerName"))
                .isEqualTo(at(job, "spec.template.spec.containers[0].name"));
        assertThat(at(job, "spec.podFailurePolicy.rules[0].onExitCodes.operator"))
                .isEqualTo("In");
        assertThat((List<Object>) at(job, "spec.podFailurePolicy.rules[0].onExitCodes.values"))
                .containsExactlyInAnyOrder(1, 2, 130, 143);
        assertThat(at(job, "spec.template.spec.restartPolicy")).isEqualTo("Never");
        assertThat((Integer) at(job, "spec.ttlSecondsAfterFinished")).isGreaterThanOrEqualTo(3600);
        assertThat(at(job, "spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable"))
                .isEqualTo("ScheduleAnyway");

        Duration needed = time(profile, "COORDINATOR_TIMEOUT")
                .plus(Duration.ofSeconds(2)) // the coordinator's start lead
                .plus(time(profile, "RAMP_UP"))
                .plus(time(profile, "WARMUP"))
                .plus(time(profile, "DURATION"))
                .plus(time(profile, "LINGER"))
                .plus(Duration.ofSeconds(30)); // the drain: response and connect timeouts, and stopping
        assertThat((long) (Integer) at(job, "spec.activeDeadlineSeconds")).isGreaterThanOrEqualTo(needed.toSeconds());
        assertThat((Integer) at(job, "spec.template.spec.terminationGracePeriodSeconds"))
                .as("room to post the partial result")
                .isGreaterThanOrEqualTo(25);

        assertThat(args(job))
                .startsWith("run")
                .contains(
                        "--coordinator=$(COORDINATOR)",
                        "--group=$(JOB_NAME)",
                        "--round=$(JOB_UID)",
                        "--shard=$(JOB_COMPLETION_INDEX)/$(SHARDS)",
                        "--metrics-port=8080",
                        "--linger=$(LINGER)")
                .noneMatch(a -> a.startsWith("--start-at"));
        assertThat(profile.get("COORDINATOR")).isEqualTo("http://echo-lab-servers:8080");
        assertThat(profile.get("TARGET")).startsWith("echo-lab-servers:");
    }

    @Test
    void theGeneratorsArgumentsAreFlagsTheCommandLineAccepts() {
        Map<String, String> env = podEnv(objects, 0, Map.of("COORDINATOR_TIMEOUT", "1ms"));
        List<String> args = args(object(objects, "Job", JOB)).stream()
                .map(a -> expand(a, env))
                .toList();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.execute(
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        // Every flag parsed: the run got as far as the coordinator, which is a cluster's name, not reachable here.
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--coordinator: could not join group " + JOB + " at http://echo-lab-servers:8080");
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
    void prometheusLabelsEveryTargetWithRoleAndGeneratorAndFindsThePodMonitorByItsRelease() throws IOException {
        Map<String, Object> monitor = object("PodMonitor", "echo-lab");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) at(monitor, "spec.podMetricsEndpoints");
        assertThat(endpoints).extracting(e -> e.get("port")).containsExactlyInAnyOrder("http", "metrics");
        for (Map<String, Object> endpoint : endpoints) {
            assertThat(endpoint.get("relabelings").toString())
                    .contains(
                            "__meta_kubernetes_pod_label_app_kubernetes_io_component",
                            "targetLabel=role",
                            "targetLabel=generator",
                            "__meta_kubernetes_pod_label_batch_kubernetes_io_job_completion_index");
        }
        // Only this app's pods (this instance's), servers and generators; kube-prometheus-stack selects it by release.
        assertThat(labels(monitor)).containsKey("release");
        assertThat(at(monitor, "spec.selector.matchLabels"))
                .isEqualTo(Map.of(NAME, "echo-lab", INSTANCE, labels(monitor).get(INSTANCE)));
        assertThat(at(monitor, "spec.selector.matchExpressions[0].key")).isEqualTo(COMPONENT);
        assertThat((List<Object>) at(monitor, "spec.selector.matchExpressions[0].values"))
                .containsExactlyInAnyOrder("server", "loadgen");
        assertThat(at(monitor, "spec.namespaceSelector"))
                .as("its own namespace only")
                .isNull();

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
        assertThat(relabel.toString())
                .contains(podLabel + "app_kubernetes_io_component", podLabel + "app_kubernetes_io_name");
    }

    @Test
    void everyObjectCarriesTheRecommendedLabelsAndEveryPodItsComponent() {
        for (Map<String, Object> o : objects) {
            assertThat(labels(o))
                    .as("%s %s", o.get("kind"), at(o, "metadata.name"))
                    .containsEntry(NAME, "echo-lab")
                    .containsEntry("app.kubernetes.io/part-of", "echo-lab")
                    .containsKey(INSTANCE);
        }
        Map<String, Object> servers = object("Deployment", "echo-lab-servers");
        Map<String, Object> job = object("Job", JOB);
        String tag =
                at(servers, "spec.template.spec.containers[0].image").toString().split(":")[1];
        for (Map<String, Object> workload : List.of(servers, job)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> pod = (Map<String, Object>) at(workload, "spec.template");
            assertThat(labels(pod))
                    .containsEntry("app.kubernetes.io/version", tag)
                    .containsKey(INSTANCE);
            assertThat(labels(workload)).containsEntry("app.kubernetes.io/version", tag);
        }
        assertThat(labels((Map<String, Object>) pathed(servers, "spec.template")))
                .containsEntry(COMPONENT, "server");
        assertThat(labels((Map<String, Object>) pathed(job, "spec.template"))).containsEntry(COMPONENT, "loadgen");
        assertThat(at(servers, "spec.selector.matchLabels"))
                .isEqualTo(Map.of(NAME, "echo-lab", INSTANCE, "echo-lab", COMPONENT, "server"));
        assertThat(at(object("Service", "echo-lab-servers"), "spec.selector"))
                .isEqualTo(at(servers, "spec.selector.matchLabels"));
        assertThat(objects.toString()).doesNotContain("role=");
    }

    @Test
    void theServerIsGuaranteedWithWholeCpusTheGeneratorsSizedApartAndNoPodHasAToken() {
        Map<String, Object> servers = object("Deployment", "echo-lab-servers");
        Map<String, Object> job = object("Job", JOB);
        String resources = "spec.template.spec.containers[0].resources.";
        assertThat(at(servers, resources + "requests"))
                .as("Guaranteed QoS: requests = limits")
                .isEqualTo(at(servers, resources + "limits"));
        assertThat(at(servers, resources + "limits.cpu").toString())
                .as("whole CPUs")
                .matches("[1-9][0-9]*");
        assertThat(at(job, resources + "requests")).isEqualTo(at(job, resources + "limits"));
        assertThat(at(job, resources + "limits.cpu")).isNotNull();
        assertThat(at(
                        job,
                        "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"
                                + "[0].podAffinityTerm.labelSelector.matchLabels"))
                .as("generators keep off the server's node where they can")
                .isEqualTo(Map.of(NAME, "echo-lab", COMPONENT, "server"));
        for (Map<String, Object> workload : List.of(servers, job)) {
            assertThat(at(workload, "spec.template.spec.automountServiceAccountToken"))
                    .isEqualTo(false);
        }
    }

    @Test
    void onlyTheGeneratorsReachTheEchoPortsAndTheApiAndOnlyTheMonitoringNamespaceScrapes() {
        Map<String, Object> servers = object("NetworkPolicy", "echo-lab-servers");
        Map<String, String> app = Map.of(NAME, "echo-lab", INSTANCE, "echo-lab");
        Map<String, String> serverPods = new HashMap<>(app);
        serverPods.put(COMPONENT, "server");
        Map<String, String> generatorPods = new HashMap<>(app);
        generatorPods.put(COMPONENT, "loadgen");
        assertThat(at(servers, "spec.podSelector.matchLabels")).isEqualTo(serverPods);
        assertThat((List<Object>) at(servers, "spec.ingress")).hasSize(1);
        assertThat((List<Object>) at(servers, "spec.ingress[0].from")).hasSize(1);
        assertThat(at(servers, "spec.ingress[0].from[0].podSelector.matchLabels"))
                .isEqualTo(generatorPods);
        assertThat(at(servers, "spec.ingress[0].from[0].namespaceSelector")).isNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ports = (List<Map<String, Object>>) at(servers, "spec.ingress[0].ports");
        Set<Integer> open = new TreeSet<>();
        for (Map<String, Object> port : ports) {
            int from = (Integer) port.get("port");
            int to = (Integer) port.getOrDefault("endPort", from);
            for (int p = from; p <= to; p++) {
                open.add(p);
            }
        }
        Set<Integer> expected = Arrays.stream(IoModel.values())
                .map(IoModel::defaultPort)
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add(8080);
        assertThat(open).isEqualTo(expected);

        Map<String, Object> scrape = object("NetworkPolicy", "echo-lab-scrape");
        assertThat(at(scrape, "spec.podSelector.matchLabels"))
                .as("every pod of this app")
                .isEqualTo(app);
        assertThat(at(scrape, "spec.ingress[0].from[0].namespaceSelector.matchLabels"))
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
        assertThat(at(scrape, "spec.ingress[0].from[0].podSelector")).isNull();
        assertThat(at(scrape, "spec.ingress[0].ports")).isEqualTo(List.of(Map.of("protocol", "TCP", "port", 8080)));
        for (Map<String, Object> policy : List.of(servers, scrape)) {
            assertThat(at(policy, "spec.policyTypes")).isEqualTo(List.of("Ingress"));
        }
    }

    @Test
    void anOverlaySetsNTheTargetAndTheProfileAndTheJobFollows() throws IOException, InterruptedException {
        List<Map<String, Object>> overlay = render("deploy/examples/multiplexing-8");
        Map<String, String> profile = loadgenConfig(overlay);
        Map<String, Object> job = object(overlay, "Job", JOB);
        assertThat(profile).containsEntry("SHARDS", "8").containsEntry("TARGET", "echo-lab-servers:7005=multiplexing");
        assertThat(at(job, "spec.parallelism")).isEqualTo(8);
        assertThat(at(job, "spec.completions")).isEqualTo(8);
        assertThat(at(job, "spec.template.spec.containers[0].envFrom[0].configMapRef.name"))
                .isEqualTo(at(
                        overlay.stream()
                                .filter(o -> "ConfigMap".equals(o.get("kind")))
                                .findFirst()
                                .orElseThrow(),
                        "metadata.name"));
    }

    /**
     * The Job's pods as the kubelet starts them, from the rendered YAML: the environment from the ConfigMap and the
     * downward API, {@code $(VAR)} in the args expanded from it, one process per index. What a user sets in the
     * ConfigMap (as deploy/examples does) is set here too: N, a short profile, and the addresses, which in a cluster
     * are the servers' Service and here this machine's loopback. And each pod's metrics port 8080, its own in a
     * cluster, is a free port here, as these processes share one network. Nothing else is changed: the same flags,
     * group, round and index reach the coordinator, which starts them together and stores one merged run.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theJobsPodsAsTheKubeletStartsThemRunAgainstALocalServiceWithNoEdit() throws Exception {
        String password = "manifests-test-secret";
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(EchoLabApplication.class)
                .run(
                        "--server.port=0",
                        "--echo.autostart=false",
                        "--echo.api.password=" + password,
                        "--spring.datasource.url=jdbc:h2:mem:manifests-" + UUID.randomUUID())) {
            int httpPort = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            EchoServers servers = service.getBean(EchoServers.class);
            int echoPort = servers.start(IoModel.MULTIPLEXING, 0).port();
            Map<String, String> settings = Map.of(
                    "SHARDS", "2",
                    "COORDINATOR", "http://127.0.0.1:" + httpPort,
                    "TARGET", "127.0.0.1:" + echoPort + "=multiplexing",
                    "CONNECTIONS", "6",
                    "DURATION", "3s",
                    "WARMUP", "1s",
                    "RAMP_UP", "0s",
                    "LINGER", "0s");
            List<Process> pods = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int index = 0; index < 2; index++) {
                Map<String, String> env = podEnv(objects, index, settings);
                env.put("ECHO_API_PASSWORD", password); // the Secret echo-lab-api, which podEnv checks is referred to
                List<String> args = new ArrayList<>();
                for (String arg : args(object("Job", JOB))) {
                    args.add(arg.equals("--metrics-port=8080") ? "--metrics-port=" + freePort() : expand(arg, env));
                }
                logs.add(Files.createTempFile("pod-" + index + "-", ".log"));
                ProcessBuilder pod = new ProcessBuilder(EchoLabProcess.command(args))
                        .redirectErrorStream(true)
                        .redirectOutput(logs.get(index).toFile());
                pod.environment().keySet().removeIf(k -> k.startsWith("JOB_") || k.startsWith("ECHO_"));
                pod.environment().putAll(env);
                pods.add(pod.start());
            }
            for (int index = 0; index < 2; index++) {
                assertThat(pods.get(index).waitFor(4, TimeUnit.MINUTES)).isTrue();
                assertThat(pods.get(index).exitValue())
                        .as(Files.readString(logs.get(index)))
                        .isZero();
                Files.delete(logs.get(index));
            }

            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = "http://127.0.0.1:" + httpPort;
            JsonMapper json = JsonMapper.builder().build();
            JsonNode round = json.readTree(get(http, base + "/api/shards/" + JOB + "/rounds/" + JOB_UID));
            assertThat(round.path("state").asString()).as(round.toString()).isEqualTo("MERGED");
            assertThat(round.path("members").findValuesAsString("generator")).allMatch(g -> g.startsWith(JOB + "-"));
            JsonNode run = json.readTree(get(http, base + round.path("run").asString()));
            JsonNode coordination = run.path("coordination");
            assertThat(coordination.path("group").asString()).isEqualTo(JOB);
            assertThat(coordination.path("round").asString()).isEqualTo(JOB_UID);
            assertThat(coordination.path("shards").asInt()).isEqualTo(2);
            assertThat(coordination.path("partial").asBoolean()).isFalse();
            assertThat(run.path("storage").path("status").asString()).isEqualTo("STORED");
            assertThat(run.path("results")
                            .get(0)
                            .path("connections")
                            .path("established")
                            .asInt())
                    .isEqualTo(6);
        }
    }

    /**
     * A pod's environment as the kubelet makes it: the ConfigMap (with these settings over it), the container's env
     * with the downward API's fields (this index, the Job's name, its uid), HOSTNAME (a pod's name), and the Secret's
     * key left to the caller. A field this simulation does not know fails, so a change to the manifests is seen here.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> podEnv(
            List<Map<String, Object>> rendered, int index, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(loadgenConfig(rendered));
        env.putAll(settings);
        env.put("HOSTNAME", JOB + "-" + index + "-x7k2p");
        Map<String, Object> job = object(rendered, "Job", JOB);
        Map<String, String> downward = Map.of(
                "metadata.annotations['batch.kubernetes.io/job-completion-index']", String.valueOf(index),
                "metadata.labels['batch.kubernetes.io/job-name']", JOB,
                "metadata.labels['batch.kubernetes.io/controller-uid']", JOB_UID);
        for (Map<String, Object> var : (List<Map<String, Object>>) at(job, "spec.template.spec.containers[0].env")) {
            String name = (String) var.get("name");
            Object field = at(var, "valueFrom.fieldRef.fieldPath");
            Object secret = at(var, "valueFrom.secretKeyRef.name");
            if (var.containsKey("value")) {
                env.put(name, (String) var.get("value"));
            } else if (field != null) {
                assertThat(downward).as("a downward-API field for %s", name).containsKey((String) field);
                env.put(name, downward.get(field));
            } else {
                assertThat(secret)
                        .as("%s comes from the API password's Secret", name)
                        .isEqualTo("echo-lab-api");
            }
        }
        return env;
    }

    private static String get(HttpClient http, String uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> loadgenConfig(List<Map<String, Object>> rendered) {
        Map<String, Object> configMap = rendered.stream()
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

    /** The command line of the Job's container, unexpanded. */
    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> job) {
        return (List<String>) at(job, "spec.template.spec.containers[0].args");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> object) {
        return (Map<String, String>) at(object, "metadata.labels");
    }

    private static Map<String, Object> object(String kind, String name) {
        return object(objects, kind, name);
    }

    private static Map<String, Object> object(List<Map<String, Object>> rendered, String kind, String name) {
        return rendered.stream()
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

    /** {@code kubectl} runs here (no cluster is needed: {@code kustomize} renders locally). */
    static final class Kubectl implements MissingTool.Probe {

        @Override
        public Optional<String> missing() {
            String how = "kubectl (1.27+, with Kustomize 5) is needed to render deploy/k8s";
            try {
                Process version = new ProcessBuilder("kubectl", "version", "--client")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!version.waitFor(30, TimeUnit.SECONDS)) {
                    version.destroyForcibly();
                    return Optional.of(how + ": `kubectl version --client` did not answer in 30 s");
                }
                return version.exitValue() == 0
                        ? Optional.empty()
                        : Optional.of(how + ": `kubectl version --client` exited " + version.exitValue());
            } catch (IOException e) {
                return Optional.of(how + ": " + e.getMessage().strip());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(how + ": interrupted");
            }
        }
    }
}
