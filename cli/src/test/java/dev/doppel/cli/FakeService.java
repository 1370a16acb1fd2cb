package dev.doppel.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Stands in for a Quarkus service in StackTest: listens on QUARKUS_HTTP_PORT, is ready at
 * /q/health/ready and shows the environment contract at /env.
 */
public final class FakeService {
    static final List<String> CONTRACT = List.of("QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS", "DOPPEL_DB_URL",
            "DOPPEL_DB_USER", "DOPPEL_DB_PASSWORD", "DOPPEL_ARTIFACTS_DIR", "DOPPEL_OIDC_URL", "DOPPEL_OIDC_CLIENT_ID",
            "DOPPEL_OIDC_CLIENT_SECRET", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "DJL_OFFLINE", "DJL_CACHE_DIR");

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/env", exchange -> {
            String body = CONTRACT.stream().map(name -> name + "=" + System.getenv(name)).collect(Collectors.joining("\n"))
                    + "\nheap=" + Runtime.getRuntime().maxMemory();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    private FakeService() {
    }
}
