package dev.doppel.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the evaluator's internal HTTP API, for the gateway's proxy tests only: the real evaluator is
 * another Quarkus application (DJL, its own schema and consumers) that a gateway test cannot start in its JVM.
 * It records every request the gateway forwards and answers what the test told it to, so the tests check what
 * the gateway sends and how it translates answers. The evaluator's own tests cover what it answers.
 */
public class EvaluatorStub implements QuarkusTestResourceLifecycleManager {
    /** A request as it reached the evaluator. */
    public record Seen(String method, String pathAndQuery, String body) {
    }

    /** A canned answer. */
    public record Answer(int status, String body) {
    }

    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();
    private static volatile HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", EvaluatorStub::handle);
        server.start();
        return Map.of("doppel.evaluator.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops answering (connections are refused); run the result to listen on the same port again. */
    public static synchronized Runnable pause() {
        int port = server.getAddress().getPort();
        server.stop(0);
        return () -> {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", EvaluatorStub::handle);
            server.start();
        };
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Answers {@code method path} (path without query) with this status and JSON body from now on. */
    public static void answer(String method, String path, int status, String body) {
        ANSWERS.put(method + " " + path, new Answer(status, body));
    }

    public static List<Seen> seen() {
        return List.copyOf(SEEN);
    }

    public static void reset() {
        SEEN.clear();
        ANSWERS.clear();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        SEEN.add(new Seen(exchange.getRequestMethod(), query == null ? path : path + "?" + query, body));
        Answer answer = ANSWERS.getOrDefault(exchange.getRequestMethod() + " " + path,
                new Answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"stub has no answer for " + path + "\",\"param\":null}}"));
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.status() == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(answer.status(), -1);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
