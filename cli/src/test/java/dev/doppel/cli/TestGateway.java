package dev.doppel.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway (and Keycloak token endpoint) in the test's JVM: routes by {@code "METHOD /path"} (query not included),
 * records every request, and answers 404 in OpenAI's error shape for anything unrouted.
 */
public final class TestGateway implements AutoCloseable {

    /** What a route sees. */
    public record Request(String method, String path, String query, String body, String authorization) {
        public String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    /** What a route answers; {@code contentType} {@code text/event-stream} for streams. */
    public record Response(int status, String contentType, String body) {
        public static Response json(String body) {
            return new Response(200, "application/json", body);
        }

        public static Response error(int status, String message, String param, String code) {
            return new Response(status, "application/json", String.format(
                    "{\"error\": {\"message\": \"%s\", \"type\": \"invalid_request_error\", \"param\": %s, \"code\": %s}}",
                    message, param == null ? "null" : "\"" + param + "\"", code == null ? "null" : "\"" + code + "\""));
        }

        /** Each string is one event's {@code data}; then {@code data: [DONE]}. */
        public static Response sse(List<String> data) {
            var body = new StringBuilder();
            data.forEach(d -> body.append("data: ").append(d).append("\n\n"));
            return new Response(200, "text/event-stream", body.append("data: [DONE]\n\n").toString());
        }
    }

    public interface Route {
        Response answer(Request request) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public TestGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public TestGateway on(String methodAndPath, Route route) {
        routes.put(methodAndPath, route);
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> requestLines() {
        return requests.stream().map(Request::line).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        var request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(request);
        Route route = routes.get(request.method() + " " + request.path());
        Response response = route == null ? Response.error(404, "No route " + request.line(), null, null) : route.answer(request);
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        if (response.status() == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1"); // as the gateway's rate limit answers
        }
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
