package dev.doppel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A small client for the gateway's OpenAI-compatible API and Keycloak's token endpoint, used by the
 * {@code demo} command and the end-to-end test. Every non-2xx answer becomes an {@link ApiError}
 * carrying the status and the gateway's error body.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI gateway;
    private final URI keycloak;
    private String token;

    public GatewayClient(URI gateway, URI keycloak) {
        this.gateway = gateway;
        this.keycloak = keycloak;
    }

    /** Logs in with the password grant through the public {@code doppel-web} client. */
    public GatewayClient login(String username, String password) throws IOException, InterruptedException {
        String form = form(Map.of("grant_type", "password", "client_id", "doppel-web",
                "username", username, "password", password));
        var request = HttpRequest.newBuilder(keycloak.resolve("/realms/doppel/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        this.token = send(request).get("access_token").asText();
        return this;
    }

    public String token() {
        return token;
    }

    /** @param me repeated {@code me} fields: who the uploader is in a chat or mail export */
    public JsonNode uploadFile(Path file, String purpose, List<String> me) throws IOException, InterruptedException {
        String boundary = "doppel-" + UUID.randomUUID();
        var fields = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + purpose);
        for (String alias : me) {
            fields.append("\r\n--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"me\"\r\n\r\n")
                    .append(alias);
        }
        byte[] head = (fields + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
        return send(authorized("/v1/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body).build());
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(authorized(path).GET().build());
    }

    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    /** The raw status of an unauthenticated GET, for checking that the gateway refuses it. */
    public int anonymousStatus(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(gateway.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder authorized(String path) {
        if (token == null) {
            throw new IllegalStateException("log in first");
        }
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new ApiError(request.method() + " " + request.uri().getPath(), response.statusCode(), response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** A non-2xx answer. */
    public static final class ApiError extends IOException {
        private final int status;
        private final String body;

        ApiError(String call, int status, String body) {
            super(call + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }
}
