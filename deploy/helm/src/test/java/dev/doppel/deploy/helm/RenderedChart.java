package dev.doppel.deploy.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart rendered by real Helm ({@code helm template}, through helm-java's embedded Go library) and
 * every manifest bound to the fabric8 model class of its kind.
 */
final class RenderedChart {
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path CHART = MODULE.resolve("doppel");
    static final Path EXAMPLES = MODULE.resolve("examples");
    static final Path REPO = MODULE.resolve("../..").normalize();
    static final String RELEASE = "doppel";
    static final String NAMESPACE = "doppel";
    static final String KUBE_VERSION = "1.31.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    final String yaml;
    final List<HasMetadata> objects;

    private RenderedChart(String yaml) {
        this.yaml = yaml;
        this.objects = parse(yaml);
    }

    /** Renders with the chart's defaults, then each values file (relative to examples/), then each --set. */
    static RenderedChart render(List<String> valuesFiles, Map<String, Object> sets) {
        FakeKubernetesApi.start();
        // helm-java's default capabilities say Kubernetes 1.20; render for a supported cluster version.
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String file : valuesFiles) {
            template = template.withValuesFile(EXAMPLES.resolve(file));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return new RenderedChart(template.call());
    }

    static RenderedChart render(String... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    static RenderedChart renderWith(Map<String, Object> sets, String... valuesFiles) {
        return render(List.of(valuesFiles), sets);
    }

    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> parsed = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Object object = SERIALIZATION.unmarshal(document);
            if (!(object instanceof HasMetadata resource)) {
                throw new AssertionError("not a Kubernetes object: " + document);
            }
            parsed.add(resource);
        }
        return parsed;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " " + name + "; rendered: " + names(type)));
    }

    List<String> names(Class<? extends HasMetadata> type) {
        return all(type).stream().map(o -> o.getMetadata().getName()).toList();
    }

    /** The Deployments of the four platform services (not the bundled Keycloak). */
    List<Deployment> serviceDeployments() {
        return all(Deployment.class).stream()
                .filter(d -> "service".equals(d.getSpec().getTemplate().getMetadata().getLabels().get("doppel.dev/tier")))
                .toList();
    }

    static Container mainContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    /**
     * What the container's environment will be: its ConfigMaps (envFrom, in order) then its env. Values
     * from Secrets come back as {@code secret:<name>/<key>}.
     */
    Map<String, String> environment(Deployment deployment) {
        return environment(mainContainer(deployment));
    }

    Map<String, String> environment(Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        container.getEnvFrom().forEach(source -> {
            if (source.getConfigMapRef() == null) {
                throw new AssertionError("only ConfigMaps are expected in envFrom: " + source);
            }
            environment.putAll(get(ConfigMap.class, source.getConfigMapRef().getName()).getData());
        });
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                environment.put(variable.getName(), "secret:" + ref.getName() + "/" + ref.getKey());
            } else {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        return environment;
    }

    /** The decoded values of every Secret the chart renders. */
    List<String> secretValues() {
        List<String> values = new ArrayList<>();
        for (Secret secret : all(Secret.class)) {
            if (secret.getData() != null) {
                secret.getData().values().forEach(v -> values.add(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            if (secret.getStringData() != null) {
                values.addAll(secret.getStringData().values());
            }
        }
        return values;
    }
}
