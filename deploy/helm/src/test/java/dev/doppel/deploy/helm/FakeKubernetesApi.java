package dev.doppel.deploy.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of a Kubernetes API for Helm's {@code lookup}: discovery of v1 and GET of one Secret.
 * helm-java's template runs as an install with dry-run option "none", which — unlike the helm CLI's
 * {@code template} — lets {@code lookup} call the cluster of the current kubeconfig. The test JVM's
 * KUBECONFIG (set in the module's pom) points here instead, so rendering never touches a real cluster,
 * and a test can play an upgrade by serving a Secret that a first install left behind.
 */
final class FakeKubernetesApi {
    private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private FakeKubernetesApi() {
    }

    /** Starts the server once and writes the kubeconfig that KUBECONFIG names. */
    static synchronized void start() {
        if (started) {
            return;
        }
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalStateException("KUBECONFIG must name the fake cluster's kubeconfig (see deploy/helm/pom.xml)");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", FakeKubernetesApi::handle);
            server.setExecutor(null);
            server.start();
            Path file = Path.of(kubeconfig);
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: fake, user: {}}]
                    contexts: [{name: fake, context: {cluster: fake, user: fake}}]
                    current-context: fake
                    """.formatted(server.getAddress().getPort()));
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves a Secret (its data already base64) as if an earlier release had created it. */
    static void putSecret(String namespace, String name, Map<String, String> data) {
        StringBuilder json = new StringBuilder();
        data.forEach((key, value) -> json.append(json.isEmpty() ? "" : ",").append('"').append(key).append("\":\"").append(value).append('"'));
        SECRETS.put("/api/v1/namespaces/" + namespace + "/secrets/" + name, """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s","namespace":"%s"},"data":{%s}}"""
                .formatted(name, namespace, json));
    }

    static void clear() {
        SECRETS.clear();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = switch (path) {
            case "/version" -> "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}";
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
            case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
            case "/api/v1" -> """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"secrets","singularName":"secret",\
                    "namespaced":true,"kind":"Secret","verbs":["get","list"]}]}""";
            default -> SECRETS.get(path);
        };
        int status = body == null ? 404 : 200;
        if (body == null) {
            body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
