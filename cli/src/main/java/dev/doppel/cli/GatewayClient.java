package dev.doppel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.cli.api.Credentials;
import dev.doppel.cli.api.GatewayUnreachableException;
import dev.doppel.cli.api.NotAnEventStreamException;
import dev.doppel.cli.api.SseReader;
import dev.doppel.cli.auth.KeycloakTokens;
import dev.doppel.cli.auth.RefreshingToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/**
 * The one HTTP client of every command that talks to the gateway's OpenAI-compatible API: JSON calls, multipart
 * upload, downloads and server-sent event streams, each with the bearer token of its {@link Credentials}. Every
 * non-2xx answer becomes an {@link ApiError} carrying OpenAI's error fields; a gateway that does not answer at all
 * becomes a {@link GatewayUnreachableException}.
 */
public final class GatewayClient {
    static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1: one connection per concurrent stream, and no h2c upgrade attempt
    // dance on plain http:// that would change what a benchmark measures.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI gateway;
    private final URI keycloak;
    private Credentials credentials;

    /** A client that logs in with {@link #login} against the Keycloak at {@code keycloak} (realm {@code doppel}). */
    public GatewayClient(URI gateway, URI keycloak) {
        this.gateway = gateway;
        this.keycloak = keycloak;
        this.credentials = Credentials.missing("log in first");
    }

    public GatewayClient(URI gateway, Credentials credentials) {
        this.gateway = gateway;
        this.keycloak = null;
        this.credentials = credentials;
    }

    /** Logs in with the password grant through the public {@code doppel-web} client; the token renews itself. */
    public GatewayClient login(String username, String password) throws IOException, InterruptedException {
        if (keycloak == null) {
            throw new IllegalStateException("this client was given its credentials");
        }
        var tokens = new KeycloakTokens(keycloak.resolve("/realms/doppel"), http);
        this.credentials = new RefreshingToken(tokens, tokens.password(username, password), null, InstantSource.system());
        return this;
    }

    /** The bearer token requests carry now. */
    public String token() throws IOException, InterruptedException {
        return credentials.bearer();
    }

    public URI baseUrl() {
        return gateway;
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
        return json(send("POST", path -> path.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body), "/v1/files", HttpResponse.BodyHandlers.ofByteArray()));
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return json(send("GET", HttpRequest.Builder::GET, path, HttpResponse.BodyHandlers.ofByteArray()));
    }

    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return json(send("POST", jsonBody(body), path, HttpResponse.BodyHandlers.ofByteArray()));
    }

    public JsonNode delete(String path) throws IOException, InterruptedException {
        return json(send("DELETE", HttpRequest.Builder::DELETE, path, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** The raw bytes of a GET, e.g. a file's content. */
    public byte[] download(String path) throws IOException, InterruptedException {
        return send("GET", HttpRequest.Builder::GET, path, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** A GET answered with server-sent events; the caller closes the reader. */
    public SseReader streamGet(String path) throws IOException, InterruptedException {
        return events(send("GET", b -> b.header("Accept", "text/event-stream").GET(), path,
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** A POST answered with server-sent events (a streamed chat completion); the caller closes the reader. */
    public SseReader streamPost(String path, Object body) throws IOException, InterruptedException {
        HttpRequestCustomizer json = jsonBody(body);
        return events(send("POST", b -> json.apply(b.header("Accept", "text/event-stream")), path,
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** The raw status of an unauthenticated GET, for checking that the gateway refuses it. */
    public int anonymousStatus(String path) throws IOException, InterruptedException {
        URI uri = gateway.resolve(path);
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new GatewayUnreachableException(uri, e);
        }
    }

    private interface HttpRequestCustomizer {
        HttpRequest.Builder apply(HttpRequest.Builder builder) throws IOException;
    }

    private static HttpRequestCustomizer jsonBody(Object body) {
        return builder -> builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    /** Sends with the current token; after a 401 it renews the credentials once and tries again. */
    private <T> HttpResponse<T> send(String method, HttpRequestCustomizer customizer, String path,
                                     HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        URI uri = gateway.resolve(path);
        HttpResponse<T> response = sendOnce(customizer, uri, handler);
        if (response.statusCode() == 401 && credentials.renew()) {
            discard(response);
            response = sendOnce(customizer, uri, handler);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiError(method + " " + uri.getPath(), response.statusCode(), bodyText(response),
                    response.headers().firstValue("Retry-After").map(GatewayClient::seconds).orElse(-1));
        }
        return response;
    }

    private <T> HttpResponse<T> sendOnce(HttpRequestCustomizer customizer, URI uri, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpRequest request = customizer.apply(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + credentials.bearer())).build();
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new GatewayUnreachableException(uri, e);
        }
    }

    private static SseReader events(HttpResponse<InputStream> response) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("no content type");
        if (!type.startsWith("text/event-stream")) {
            discard(response);
            throw new NotAnEventStreamException(response.request().method() + " " + response.uri().getPath(), type);
        }
        return new SseReader(response.body());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private static String bodyText(HttpResponse<?> response) throws IOException {
        return switch (response.body()) {
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case InputStream in -> {
                try (in) {
                    yield new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            case null, default -> "";
        };
    }

    private static void discard(HttpResponse<?> response) throws IOException {
        if (response.body() instanceof InputStream in) {
            in.close();
        }
    }

    /** A non-2xx answer, with OpenAI's {@code error.message}, {@code type}, {@code param} and {@code code}. */
    private static int seconds(String retryAfter) {
        try {
            return Integer.parseInt(retryAfter.strip());
        } catch (NumberFormatException httpDate) {
            return -1; // an HTTP date: the gateway sends seconds
        }
    }

    public static final class ApiError extends IOException {
        private final int status;
        private final String body;
        private final ErrorFields error;

        private final int retryAfterSeconds;

        public ApiError(String call, int status, String body) {
            this(call, status, body, -1);
        }

        public ApiError(String call, int status, String body, int retryAfterSeconds) {
            super(call + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
            this.error = ErrorFields.parse(body, status);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** The {@code Retry-After} of a 429 or 503, in seconds; -1 when the answer had none. */
        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }

        public String errorMessage() {
            return error.message();
        }

        /** null when the gateway named none. */
        public String param() {
            return error.param();
        }

        public String code() {
            return error.code();
        }

        public String type() {
            return error.type();
        }

        /** {@code message (param: p, code: c)}, what a user reads: the parts the gateway sent. */
        public String describe() {
            return error.describe();
        }
    }
}
