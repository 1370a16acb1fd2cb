package dev.doppel.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gets access tokens from the doppel realm. The client ids and the services' secret are the
 * development defaults of {@code doppel-realm.json}; never use them outside a local stack or a test.
 */
public final class OidcTokens {
    public static final String WEB_CLIENT = "doppel-web";
    public static final String SERVICES_CLIENT = "doppel-services";
    public static final String SERVICES_SECRET = "doppel-services-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Resource-owner password grant through a public client. */
    public static String password(String issuerUrl, String clientId, String username, String password) {
        return token(issuerUrl, Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password, "scope", "openid"));
    }

    /** Client-credentials grant of a confidential client. */
    public static String clientCredentials(String issuerUrl, String clientId, String clientSecret) {
        return token(issuerUrl, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", clientSecret));
    }

    /** The claims of a JWT, unverified: for tests and diagnostics, never for authorization. */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new IllegalArgumentException("JWT payload is not JSON", e);
        }
    }

    private static String token(String issuerUrl, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUrl + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Token request (" + form.get("grant_type") + ", client " + form.get("client_id")
                        + ") failed with HTTP " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Token request to " + issuerUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private OidcTokens() {
    }
}
