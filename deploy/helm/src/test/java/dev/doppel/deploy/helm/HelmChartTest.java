package dev.doppel.deploy.helm;

import static dev.doppel.deploy.helm.RenderedChart.mainContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.doppel.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart as an operator meets it: linted and rendered by real Helm with the default values and the
 * three example value sets of deploy/helm/examples (which the README tells operators to start from),
 * every manifest a valid object of its kind, and the properties that matter checked on the output.
 */
class HelmChartTest {
    /** Directory of each service in the repository, by its component name in the chart. */
    private static final Map<String, String> SERVICES = Map.of(
            "gateway", "gateway", "ingest-service", "ingest-service",
            "trainer-service", "trainer-service", "evaluator-service", "evaluator-service");
    private static final String GPU = "nvidia.com/gpu";

    private static RenderedChart defaults;
    private static RenderedChart external;
    private static RenderedChart trial;
    private static RenderedChart gpu;

    @BeforeAll
    static void render() {
        defaults = RenderedChart.render();
        external = RenderedChart.render("external.yaml");
        trial = RenderedChart.render("trial.yaml");
        gpu = RenderedChart.render("gpu-autoscaling.yaml");
    }

    private static List<RenderedChart> all() {
        return List.of(defaults, external, trial, gpu);
    }

    // --- Helm itself -----------------------------------------------------------------------------

    @Test
    void lintPassesStrictly() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + String.join("\n", result.getMessages()));
    }

    @Test
    void everyManifestIsAValidObjectOfItsKind() {
        Set<String> customKinds = Set.of("Kafka", "KafkaNodePool", "KafkaTopic");
        for (RenderedChart chart : all()) {
            for (HasMetadata object : chart.objects) {
                String id = object.getKind() + "/" + object.getMetadata().getName();
                if (object instanceof GenericKubernetesResource) {
                    // Only Strimzi's kinds have no fabric8 model; a built-in kind bound generically has a bad apiVersion.
                    assertTrue(customKinds.contains(object.getKind()), () -> id + " (" + object.getApiVersion() + ") is no known kind");
                    assertEquals("kafka.strimzi.io/v1beta2", object.getApiVersion(), id);
                    continue;
                }
                assertEquals(List.of(), ModelConformance.unknownFields(object), () -> id + " has fields its kind lacks");
                assertTrue(object.getMetadata().getName().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), id);
                assertEquals("doppel", object.getMetadata().getLabels().get("app.kubernetes.io/part-of"), id);
            }
        }
    }

    @Test
    void theConformanceCheckCatchesAMisspeltField() {
        // Guards the check above: it must see a field that only looks right.
        Deployment deployment = defaults.serviceDeployments().getFirst();
        Container container = mainContainer(deployment);
        container.setAdditionalProperty("readinesProbe", Map.of("httpGet", Map.of("path", "/q/health/ready")));
        try {
            assertEquals(1, ModelConformance.unknownFields(deployment).size());
            assertTrue(ModelConformance.unknownFields(deployment).getFirst().endsWith(".readinesProbe"));
        } finally {
            container.getAdditionalProperties().remove("readinesProbe");
        }
    }

    // --- Per service -----------------------------------------------------------------------------

    @Test
    void eachServiceHasItsDeploymentServiceAccountServiceAndDisruptionBudget() {
        for (RenderedChart chart : all()) {
            for (String component : SERVICES.keySet()) {
                String name = "doppel-" + component;
                Deployment deployment = chart.get(Deployment.class, name);
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                assertEquals(name, pod.getServiceAccountName());
                assertFalse(chart.get(ServiceAccount.class, name).getAutomountServiceAccountToken());
                Service service = chart.get(Service.class, name);
                assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector(),
                        name + ": the Service must select the Deployment's pods");
                assertEquals("http", service.getSpec().getPorts().getFirst().getTargetPort().getStrVal());
                assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                        chart.get(PodDisruptionBudget.class, name).getSpec().getSelector().getMatchLabels());
                assertFalse(mainContainer(deployment).getResources().getRequests().isEmpty(), name + " requests resources");
            }
        }
    }

    @Test
    void probesPointAtQuarkusHealthOnTheHttpPort() {
        for (RenderedChart chart : all()) {
            for (Deployment deployment : chart.serviceDeployments()) {
                Container container = mainContainer(deployment);
                int port = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                        .orElseThrow().getContainerPort();
                assertEquals(container.getPorts().getFirst().getContainerPort(),
                        Integer.parseInt(chart.environment(deployment).get("QUARKUS_HTTP_PORT")),
                        "Quarkus must listen where the probes knock");
                assertProbe(container.getStartupProbe(), "/q/health/started", port);
                assertProbe(container.getLivenessProbe(), "/q/health/live", port);
                assertProbe(container.getReadinessProbe(), "/q/health/ready", port);
            }
        }
    }

    private static void assertProbe(Probe probe, String path, int port) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), path + " on the named http port " + port);
    }

    @Test
    void servicesGetTheLocalStacksEnvironmentWithCredentialsFromSecrets() throws IOException {
        // The contract of cli Stack.serviceEnvironment, plus the port each service listens on.
        List<String> everyService = List.of("KAFKA_BOOTSTRAP_SERVERS", "DOPPEL_DB_URL", "DOPPEL_DB_USER",
                "DOPPEL_DB_PASSWORD", "DOPPEL_ARTIFACTS_DIR", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "DJL_OFFLINE", "DJL_CACHE_DIR",
                "QUARKUS_HTTP_PORT");
        for (RenderedChart chart : all()) {
            for (Deployment deployment : chart.serviceDeployments()) {
                String component = deployment.getMetadata().getLabels().get("app.kubernetes.io/component");
                Map<String, String> environment = chart.environment(deployment);
                everyService.forEach(variable -> assertTrue(environment.containsKey(variable), component + " lacks " + variable));
                assertTrue(environment.get("DOPPEL_DB_PASSWORD").startsWith("secret:"), component + ": the password comes from a Secret");
                assertTrue(environment.get("DOPPEL_DB_USER").startsWith("secret:"), component);
                assertFalse(environment.get("DOPPEL_DB_URL").startsWith("jdbc:"), "the services take a reactive URL");
                assertEquals("PASSIVE", environment.get("OMP_WAIT_POLICY"));

                // Every variable the chart sets is one the service reads: a misspelt name would be ignored silently.
                Set<String> read = variablesRead(SERVICES.get(component));
                for (String variable : environment.keySet()) {
                    boolean runtime = variable.startsWith("QUARKUS_") || variable.startsWith("DJL_")
                            || variable.startsWith("PYTORCH_") || variable.equals("OMP_WAIT_POLICY") || variable.equals("GOMP_SPINCOUNT");
                    assertTrue(runtime || read.contains(variable),
                            () -> component + " is given " + variable + ", which its application.properties never reads");
                }
            }
            Map<String, String> gateway = chart.environment(chart.get(Deployment.class, "doppel-gateway"));
            assertTrue(gateway.get("DOPPEL_OIDC_CLIENT_SECRET").startsWith("secret:"));
            assertTrue(gateway.get("DOPPEL_OIDC_URL").matches("https?://.+/realms/doppel"));
            assertEquals("http://doppel-evaluator-service:8083", gateway.get("DOPPEL_EVALUATOR_URL"));
            Map<String, String> ingest = chart.environment(chart.get(Deployment.class, "doppel-ingest-service"));
            assertTrue(ingest.get("DOPPEL_INGEST_PSEUDONYM_KEY").startsWith("secret:"),
                    "without a real pseudonym key ingest falls back to its public development key");
        }
    }

    /** The ${VARIABLE…} names a service's application.properties reads. */
    private static Set<String> variablesRead(String serviceDirectory) throws IOException {
        String properties = Files.readString(RenderedChart.REPO.resolve(serviceDirectory).resolve("src/main/resources/application.properties"));
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(properties);
        Set<String> names = new HashSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void defaultsPointAtExistingInfrastructureAndCreateNone() {
        assertEquals(List.of(), defaults.all(StatefulSet.class));
        assertEquals(List.of(), defaults.custom("Kafka"));
        assertEquals(List.of(), defaults.custom("KafkaTopic"));
        assertEquals(List.of("doppel-gateway", "doppel-ingest-service", "doppel-trainer-service", "doppel-evaluator-service")
                .stream().sorted().toList(), defaults.serviceDeployments().stream().map(d -> d.getMetadata().getName()).sorted().toList());
        assertEquals(List.of(), defaults.all(HorizontalPodAutoscaler.class), "autoscaling is opt-in");
        // The only Secret the chart makes by default is ingest's pseudonym key; the rest are the operator's.
        assertEquals(List.of("doppel-ingest-service"), defaults.names(Secret.class));
        Map<String, String> environment = defaults.environment(defaults.get(Deployment.class, "doppel-trainer-service"));
        assertEquals("secret:doppel-postgresql/password", environment.get("DOPPEL_DB_PASSWORD"));
    }

    @Test
    void externalValuesReferenceTheOperatorsSecretsAndServers() {
        assertEquals(List.of(), external.all(Secret.class), "with every Secret named, the chart makes none");
        Map<String, String> gateway = external.environment(external.get(Deployment.class, "doppel-gateway"));
        assertEquals("kafka-0.kafka.data.svc:9092,kafka-1.kafka.data.svc:9092", gateway.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("postgresql://pg.data.svc:5432/doppel", gateway.get("DOPPEL_DB_URL"));
        assertEquals("https://sso.example.com/realms/doppel", gateway.get("DOPPEL_OIDC_URL"));
        assertEquals("secret:doppel-oidc/client-secret", gateway.get("DOPPEL_OIDC_CLIENT_SECRET"));
        assertEquals("secret:doppel-ingest/pseudonym-key",
                external.environment(external.get(Deployment.class, "doppel-ingest-service")).get("DOPPEL_INGEST_PSEUDONYM_KEY"));

        Ingress ingress = external.get(Ingress.class, "doppel-gateway");
        assertEquals("doppel-gateway", ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName());
        assertEquals("doppel-gateway-tls", ingress.getSpec().getTls().getFirst().getSecretName());
        assertEquals(List.of("doppel.example.com"), ingress.getSpec().getTls().getFirst().getHosts());
    }

    // --- Trainer and GPU -------------------------------------------------------------------------

    @Test
    void gpuIsRequestedOnlyByTheTrainerAndOnlyWhenEnabled() {
        for (RenderedChart chart : List.of(defaults, external, trial)) {
            assertFalse(chart.yaml.contains(GPU + ":"), "no GPU is requested unless services.trainer.gpu.enabled");
        }
        Container trainer = mainContainer(gpu.get(Deployment.class, "doppel-trainer-service"));
        assertEquals(new Quantity("1"), trainer.getResources().getRequests().get(GPU));
        assertEquals(new Quantity("1"), trainer.getResources().getLimits().get(GPU), "extended resources must be limited as requested");
        assertEquals(new Quantity("4"), trainer.getResources().getRequests().get("cpu"), "the values' own requests survive");
        for (Deployment other : gpu.serviceDeployments()) {
            if (!other.getMetadata().getName().equals("doppel-trainer-service")) {
                assertFalse(mainContainer(other).getResources().getLimits().containsKey(GPU), other.getMetadata().getName());
            }
        }
        PodSpec pod = gpu.get(Deployment.class, "doppel-trainer-service").getSpec().getTemplate().getSpec();
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        assertTrue(pod.getTolerations().stream().anyMatch(t -> GPU.equals(t.getKey()) && "NoSchedule".equals(t.getEffect())),
                "GPU nodes are usually tainted");
    }

    @Test
    void gpuTrainerLoadsLibtorchForCudaFromTheMountedCopy() {
        Deployment deployment = gpu.get(Deployment.class, "doppel-trainer-service");
        Map<String, String> environment = gpu.environment(deployment);
        assertEquals("cu128", environment.get("PYTORCH_FLAVOR"));
        assertEquals("2.7.1", environment.get("PYTORCH_VERSION"), "DJL 0.35.1 runs libtorch 2.7.1");
        assertEquals("2", environment.get("DOPPEL_TRAINER_SLOTS"));
        assertEquals("true", environment.get("DJL_OFFLINE"));
        String library = environment.get("PYTORCH_LIBRARY_PATH");
        assertNotNull(library);
        assertTrue(mainContainer(deployment).getVolumeMounts().stream().anyMatch(m -> library.startsWith(m.getMountPath() + "/")),
                "PYTORCH_LIBRARY_PATH must lie on a mounted volume");
        Container copy = deployment.getSpec().getTemplate().getSpec().getInitContainers().getFirst();
        assertEquals("registry.example.com/doppel/libtorch:2.7.1-cu128", copy.getImage());

        Map<String, String> cpu = defaults.environment(defaults.get(Deployment.class, "doppel-trainer-service"));
        assertNull(cpu.get("PYTORCH_LIBRARY_PATH"), "a CPU trainer uses the libtorch inside its image");
        assertEquals("1", cpu.get("DOPPEL_TRAINER_SLOTS"));
    }

    @Test
    void autoscaledDeploymentsLeaveTheReplicaCountToTheAutoscaler() {
        Set<String> scaled = new TreeSet<>();
        for (HorizontalPodAutoscaler hpa : gpu.all(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            scaled.add(target);
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            // A fixed replicas field would fight the autoscaler on every upgrade.
            assertNull(gpu.get(Deployment.class, target).getSpec().getReplicas(), target);
            assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
        }
        assertEquals(Set.of("doppel-gateway", "doppel-ingest-service", "doppel-trainer-service"), scaled);
        assertEquals(1, gpu.get(Deployment.class, "doppel-evaluator-service").getSpec().getReplicas());
    }

    // --- Artifacts -------------------------------------------------------------------------------

    @Test
    void allServicesShareOneReadWriteManyArtifactClaim() {
        PersistentVolumeClaim claim = defaults.get(PersistentVolumeClaim.class, "doppel-artifacts");
        assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes());
        for (Deployment deployment : defaults.serviceDeployments()) {
            String name = deployment.getMetadata().getName();
            var volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName().equals("doppel-artifacts"))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " does not mount the artifact claim"));
            String mountPath = mainContainer(deployment).getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(volume.getName())).findFirst().orElseThrow().getMountPath();
            assertEquals(mountPath, defaults.environment(deployment).get("DOPPEL_ARTIFACTS_DIR"), name + " must write where it mounts");
        }

        RenderedChart existing = RenderedChart.renderWith(Map.of("artifacts.existingClaim", "team-nfs"));
        assertEquals(List.of(), existing.all(PersistentVolumeClaim.class));
        existing.serviceDeployments().forEach(d -> assertTrue(d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName().equals("team-nfs"))));
    }

    // --- Kafka -----------------------------------------------------------------------------------

    @Test
    void everyPlatformTopicAndItsDeadLetterTopicHasAKafkaTopic() {
        String cluster = trial.custom("Kafka").getFirst().getMetadata().getName();
        Map<String, GenericKubernetesResource> topics = trial.custom("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> (String) spec(t).get("topicName"), t -> t));
        // Read from services/events: a topic added there without a KafkaTopic here fails this test.
        for (String topic : Topics.allWithDeadLetters()) {
            GenericKubernetesResource resource = topics.get(topic);
            assertNotNull(resource, "no KafkaTopic for " + topic);
            assertEquals(cluster, resource.getMetadata().getLabels().get("strimzi.io/cluster"), topic + " belongs to the chart's cluster");
            assertTrue(((Number) spec(resource).get("partitions")).intValue() >= 1);
            assertEquals(1, ((Number) spec(resource).get("replicas")).intValue(), "a one-node trial cannot replicate");
        }
        assertEquals(Set.copyOf(Topics.allWithDeadLetters()), topics.keySet(), "no KafkaTopic for a topic the platform lacks");

        assertEquals(86_400_000L, retention(topics.get(Topics.JOB_PROGRESSED)), "per-topic override from the values");
        assertEquals(604_800_000L, retention(topics.get(Topics.DATASET_READY)));
        assertEquals(3, ((Number) spec(topics.get(Topics.DATASET_READY)).get("partitions")).intValue());
        assertEquals(1, ((Number) spec(topics.get(Topics.deadLetter(Topics.DATASET_READY))).get("partitions")).intValue());
    }

    @Test
    void strimziClusterRunsInKraftModeAndTheServicesBootstrapFromIt() {
        GenericKubernetesResource kafka = trial.custom("Kafka").getFirst();
        String cluster = kafka.getMetadata().getName();
        GenericKubernetesResource pool = trial.custom("KafkaNodePool").getFirst();
        assertEquals(cluster, pool.getMetadata().getLabels().get("strimzi.io/cluster"));
        assertEquals(List.of("controller", "broker"), spec(pool).get("roles"), "KRaft: the pool's nodes are controllers too");
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"));
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/node-pools"));
        @SuppressWarnings("unchecked")
        Map<String, Object> broker = (Map<String, Object>) spec(kafka).get("kafka");
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) broker.get("config");
        assertEquals(false, config.get("auto.create.topics.enable"), "topics come from KafkaTopics only");
        assertEquals(1, ((Number) config.get("offsets.topic.replication.factor")).intValue(), "one node: replication factor 1");
        assertNull(broker.get("replicas"), "with node pools the replicas live in the KafkaNodePool");
        assertNull(spec(kafka).get("zookeeper"));
        @SuppressWarnings("unchecked")
        Map<String, Object> listener = ((List<Map<String, Object>>) broker.get("listeners")).getFirst();
        assertEquals(9092, ((Number) listener.get("port")).intValue());

        for (Deployment deployment : trial.serviceDeployments()) {
            assertEquals(cluster + "-kafka-bootstrap:9092", trial.environment(deployment).get("KAFKA_BOOTSTRAP_SERVERS"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static long retention(GenericKubernetesResource topic) {
        return ((Number) ((Map<String, Object>) spec(topic).get("config")).get("retention.ms")).longValue();
    }

    // --- PostgreSQL and Keycloak bundled for a trial ---------------------------------------------

    @Test
    void trialBundlesPostgresqlWithAGeneratedPasswordTheServicesShare() {
        StatefulSet postgres = trial.get(StatefulSet.class, "doppel-postgresql");
        assertEquals(1, postgres.getSpec().getReplicas());
        assertEquals("doppel-postgresql", postgres.getSpec().getServiceName());
        assertFalse(postgres.getSpec().getVolumeClaimTemplates().isEmpty(), "the database survives a restart");
        Secret secret = trial.get(Secret.class, "doppel-postgresql");
        assertEquals(Set.of("username", "password"), secret.getData().keySet());
        for (Deployment deployment : trial.serviceDeployments()) {
            Map<String, String> environment = trial.environment(deployment);
            assertEquals("postgresql://doppel-postgresql:5432/doppel", environment.get("DOPPEL_DB_URL"));
            assertEquals("secret:doppel-postgresql/password", environment.get("DOPPEL_DB_PASSWORD"));
        }
        Map<String, String> db = trial.environment(postgres.getSpec().getTemplate().getSpec().getContainers().getFirst());
        assertEquals("secret:doppel-postgresql/password", db.get("POSTGRES_PASSWORD"), "the database and the services use one Secret");
    }

    @Test
    void trialKeycloakImportsTheRealmAndSharesTheClientSecretWithTheGateway() {
        Deployment keycloak = trial.get(Deployment.class, "doppel-keycloak");
        Container container = keycloak.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertTrue(container.getArgs().contains("--import-realm"));
        assertEquals("/opt/keycloak/data/import", container.getVolumeMounts().getFirst().getMountPath());
        Map<String, String> kc = trial.environment(container);
        Map<String, String> gateway = trial.environment(trial.get(Deployment.class, "doppel-gateway"));
        assertEquals(gateway.get("DOPPEL_OIDC_CLIENT_SECRET"), kc.get("DOPPEL_SERVICES_CLIENT_SECRET"),
                "the realm's client secret is the one the gateway presents");
        assertEquals("http://doppel-keycloak:8080/realms/doppel", gateway.get("DOPPEL_OIDC_URL"));
        // Every ${…} placeholder of the realm must be in Keycloak's environment, or the import keeps it literally.
        String realm = trial.get(ConfigMap.class, "doppel-keycloak-realm").getData().get("doppel-realm.json");
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(realm);
        int count = 0;
        while (placeholder.find()) {
            count++;
            assertTrue(kc.containsKey(placeholder.group(1)), "Keycloak lacks " + placeholder.group(1));
        }
        assertEquals(6, count, "two client secrets (doppel-services, tenant-a-automation) and four trial users' passwords");
    }

    @Test
    void chartRealmIsTheLocalStacksRealmWithItsSecretsReplacedByPlaceholders() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode chart = json.readTree(RenderedChart.CHART.resolve("files/doppel-realm.json").toFile());
        JsonNode local = json.readTree(RenderedChart.REPO.resolve("services/localstack/src/main/resources/keycloak/doppel-realm.json").toFile());
        // Roles, groups, mappers and users must not drift from the realm the services are tested against.
        assertEquals(withoutSecrets(local.deepCopy(), false), withoutSecrets(chart.deepCopy(), true));
    }

    /** Blanks client secrets and password values; with {@code placeholders}, insists each was a ${…} placeholder. */
    private static JsonNode withoutSecrets(JsonNode realm, boolean placeholders) {
        Stream.concat(realm.get("clients").valueStream(), realm.get("users").valueStream().flatMap(u ->
                u.has("credentials") ? u.get("credentials").valueStream() : Stream.empty())).forEach(node -> {
            String field = node.has("secret") ? "secret" : node.has("value") ? "value" : null;
            if (field == null) {
                return;
            }
            if (placeholders && !node.get(field).asText().matches("\\$\\{[A-Z0-9_]+}")) {
                fail("a plain secret in the chart's realm: " + node);
            }
            ((ObjectNode) node).put(field, "");
        });
        return realm;
    }

    // --- Secrets, network, pod security ----------------------------------------------------------

    @Test
    void noSecretAppearsInPlainTextInAnyConfigMap() {
        Pattern credentialName = Pattern.compile("PASSWORD|SECRET|TOKEN|_KEY$|CREDENTIAL");
        // The development defaults of the services and of the local realm: they must never reach a cluster.
        List<String> developmentSecrets = List.of("doppel-services-secret", "alice-password", "bob-password",
                "rita-password", "admin-password", "doppel-development-pseudonym-key-change-me");
        for (RenderedChart chart : all()) {
            List<String> secrets = chart.secretValues();
            secrets.forEach(value -> assertFalse(developmentSecrets.contains(value), "a Secret holds the development value " + value));
            List<String> longSecrets = secrets.stream().filter(v -> v.length() >= 8).toList();
            for (ConfigMap configMap : chart.all(ConfigMap.class)) {
                configMap.getData().forEach((key, value) -> {
                    String where = configMap.getMetadata().getName() + "/" + key;
                    assertFalse(credentialName.matcher(key).find(), where + " is a credential");
                    longSecrets.forEach(secret -> assertFalse(value.contains(secret), where + " contains a Secret's value"));
                    developmentSecrets.forEach(secret -> assertFalse(value.contains('"' + secret + '"') || value.equals(secret),
                            where + " contains the development secret " + secret));
                });
            }
            for (Deployment deployment : chart.all(Deployment.class)) {
                mainContainer(deployment).getEnv().stream().filter(v -> v.getValue() != null).forEach(v ->
                        assertFalse(credentialName.matcher(v.getName()).find() && !v.getName().startsWith("KC_HOSTNAME"),
                                deployment.getMetadata().getName() + " sets " + v.getName() + " in plain text"));
            }
        }
    }

    @Test
    void anUpgradeKeepsTheGeneratedKeysAndPasswords() {
        // Playing an upgrade: the Secrets of the first install are in the cluster. A new random pseudonym
        // key would re-pseudonymize every tenant; a new database password would lock the services out.
        String key = Base64.getEncoder().encodeToString("pseudonym-key-of-the-first-install".getBytes(StandardCharsets.UTF_8));
        String password = Base64.getEncoder().encodeToString("password-of-the-first-install".getBytes(StandardCharsets.UTF_8));
        FakeKubernetesApi.putSecret(RenderedChart.NAMESPACE, "doppel-ingest-service", Map.of("pseudonym-key", key));
        FakeKubernetesApi.putSecret(RenderedChart.NAMESPACE, "doppel-postgresql", Map.of("username", "ZG9wcGVs", "password", password));
        try {
            RenderedChart upgrade = RenderedChart.render("trial.yaml");
            assertEquals(key, upgrade.get(Secret.class, "doppel-ingest-service").getData().get("pseudonym-key"));
            assertEquals(password, upgrade.get(Secret.class, "doppel-postgresql").getData().get("password"));
            // Without them (a first install) the values are fresh ones.
            assertFalse(trial.get(Secret.class, "doppel-postgresql").getData().get("password").equals(password));
        } finally {
            FakeKubernetesApi.clear();
        }
    }

    @Test
    void onlyTheGatewayIsReachableAndServicesReachOnlyTheirDependencies() {
        for (RenderedChart chart : List.of(defaults, external, trial)) {
            Map<String, NetworkPolicy> policies = chart.all(NetworkPolicy.class).stream()
                    .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
            for (Deployment deployment : chart.serviceDeployments()) {
                String name = deployment.getMetadata().getName();
                NetworkPolicy policy = policies.get(name);
                assertNotNull(policy, name + " has no NetworkPolicy");
                assertEquals(deployment.getSpec().getSelector().getMatchLabels(), policy.getSpec().getPodSelector().getMatchLabels());
                assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
                // No ingress list at all: the pod admits nobody.
                List<NetworkPolicyIngressRule> ingress = Objects.requireNonNullElse(policy.getSpec().getIngress(), List.of());
                if (name.equals("doppel-gateway")) {
                    assertEquals(1, ingress.size());
                } else {
                    // No rule open to every source: internal services answer only named peers.
                    ingress.forEach(rule -> assertFalse(rule.getFrom().isEmpty(), name + " admits everyone"));
                }
                Set<Integer> ports = egressPorts(policy.getSpec().getEgress());
                Set<Integer> expected = new TreeSet<>(Set.of(53, 9092, 5432));
                if (name.equals("doppel-gateway")) {
                    expected.add(8083);
                    expected.addAll(chart == trial ? Set.of(8080) : chart == external ? Set.of(443) : Set.of(443, 8080, 8443));
                }
                assertEquals(expected, ports, name + " egress");
            }
            List<NetworkPolicyIngressRule> evaluator = policies.get("doppel-evaluator-service").getSpec().getIngress();
            assertEquals(1, evaluator.size());
            assertEquals("gateway", evaluator.getFirst().getFrom().getFirst().getPodSelector().getMatchLabels()
                    .get("app.kubernetes.io/component"), "only the gateway calls the evaluator's internal API");
        }
        NetworkPolicy kafkaBound = trial.get(NetworkPolicy.class, "doppel-ingest-service");
        assertTrue(kafkaBound.getSpec().getEgress().stream().anyMatch(rule -> rule.getTo().stream().anyMatch(peer ->
                peer.getPodSelector() != null && "Kafka".equals(peer.getPodSelector().getMatchLabels().get("strimzi.io/kind")))),
                "with Strimzi the services reach exactly its broker pods");
        assertEquals(List.of(), trial.get(NetworkPolicy.class, "doppel-postgresql").getSpec().getEgress());
    }

    private static Set<Integer> egressPorts(List<NetworkPolicyEgressRule> rules) {
        return rules.stream().flatMap(rule -> rule.getPorts().stream()).map(p -> p.getPort().getIntVal())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void podsRunAsNonRootWithoutCapabilitiesAndServicesOnAReadOnlyRoot() {
        for (RenderedChart chart : all()) {
            List<PodSpec> pods = Stream.concat(chart.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
                    chart.all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate().getSpec())).toList();
            for (PodSpec pod : pods) {
                assertTrue(pod.getSecurityContext().getRunAsNonRoot());
                assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
                Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).forEach(container -> {
                    assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation(), container.getName());
                    assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop(), container.getName());
                });
            }
            for (Deployment deployment : chart.serviceDeployments()) {
                Container container = mainContainer(deployment);
                assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), container.getName());
                // What a read-only root leaves writable: the JVM's /tmp and DJL's native library cache.
                Set<String> writable = container.getVolumeMounts().stream().map(m -> m.getMountPath()).collect(Collectors.toSet());
                assertTrue(writable.containsAll(Set.of("/tmp", chart.environment(deployment).get("DJL_CACHE_DIR"))), container.getName());
            }
        }
    }

    // --- Images ----------------------------------------------------------------------------------

    @Test
    void eachServiceImageIsBuiltByADockerfileInItsModule() {
        for (Deployment deployment : defaults.serviceDeployments()) {
            String component = deployment.getMetadata().getLabels().get("app.kubernetes.io/component");
            String image = mainContainer(deployment).getImage();
            assertEquals("ghcr.io/doppel/" + SERVICES.get(component) + ":0.1.0", image, "README documents this image name");
            Path dockerfile = RenderedChart.REPO.resolve(SERVICES.get(component)).resolve("src/main/docker/Dockerfile.jvm");
            assertTrue(Files.isRegularFile(dockerfile), dockerfile + " builds " + image);
        }
    }

    // --- values.schema.json and the chart's own checks -------------------------------------------

    @Test
    void wrongValuesFailAtInstallWithAMessageThatNamesThem() {
        assertRejected(Map.of("services.gateway.replicaCount", -1), "replicaCount");
        assertRejected(Map.of("services.trainer.replicas", 2), "replicas");
        assertRejected(Map.of("services.ingest.config.DOPPEL_INGEST_PSEUDONYM_KEY", "k"), "DOPPEL_INGEST_PSEUDONYM_KEY");
        assertRejected(Map.of("postgresql.external.url", "jdbc:postgresql://db:5432/doppel"), "url");
        assertRejected(Map.of("services.trainer.gpu.count", 0), "count");
        assertRejected(Map.of("kafka.topics.partitions", 0), "partitions");
        assertRejected(Map.of("services.trainer.gpu.libtorch.source", "conda"), "source");
        // Checks a schema cannot express, made by the templates.
        assertRejected(Map.of("services.gateway.autoscaling.enabled", true, "services.gateway.autoscaling.minReplicas", 5,
                "services.gateway.autoscaling.maxReplicas", 2), "minReplicas (5) is greater than maxReplicas (2)");
        assertRejected(Map.of("services.trainer.gpu.enabled", true), "services.trainer.gpu.libtorch.image");
        assertRejected(Map.of("kafka.bootstrapServers", ""), "kafka.bootstrapServers is required");
    }

    private static void assertRejected(Map<String, Object> sets, String messagePart) {
        Exception error = assertThrows(Exception.class, () -> RenderedChart.renderWith(sets), "accepted " + sets);
        assertTrue(error.getMessage() != null && error.getMessage().contains(messagePart),
                () -> "the error for " + sets + " should name " + messagePart + ": " + error.getMessage());
    }
}
