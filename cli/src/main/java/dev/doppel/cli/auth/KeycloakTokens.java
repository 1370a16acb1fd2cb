package dev.doppel.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.GatewayClient;
import dev.doppel.cli.api.GatewayUnreachableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Keycloak's token endpoint for the public {@code doppel-web} client: the password grant and the refresh grant. */
public final class KeycloakTokens {
    public static final String CLIENT_ID = "doppel-web";

    private final URI realm;
    private final HttpClient http;
    private final InstantSource clock;

    /** @param realm e.g. {@code http://localhost:8180/realms/doppel} */
    public KeycloakTokens(URI realm, HttpClient http) {
        this(realm, http, InstantSource.system());
    }

    public KeycloakTokens(URI realm, HttpClient http, InstantSource clock) {
        this.realm = URI.create(realm.toString().replaceAll("/+$", ""));
        this.http = http;
        this.clock = clock;
    }

    public TokenSet password(String username, String password) throws IOException, InterruptedException {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT_ID);
        form.put("username", username);
        form.put("password", password);
        return TokenSet.fromTokenResponse(realm.toString(), username, post(form), clock.instant());
    }

    public TokenSet refresh(TokenSet current) throws IOException, InterruptedException {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", CLIENT_ID);
        form.put("refresh_token", current.refreshToken());
        TokenSet fresh = TokenSet.fromTokenResponse(realm.toString(), current.username(), post(form), clock.instant());
        // Keycloak may not rotate the refresh token; the old one then stays valid.
        return fresh.refreshToken() != null ? fresh : new TokenSet(fresh.realmUrl(), fresh.username(), fresh.accessToken(),
                fresh.expiresAt(), current.refreshToken(), current.refreshExpiresAt());
    }

    InstantSource clock() {
        return clock;
    }

    private JsonNode post(Map<String, String> form) throws IOException, InterruptedException {
        URI endpoint = URI.create(realm + "/protocol/openid-connect/token");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new GatewayUnreachableException(endpoint, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new GatewayClient.ApiError("POST " + endpoint.getPath(), response.statusCode(), response.body());
        }
        return TokenSet.JSON.readTree(response.body());
    }
}
