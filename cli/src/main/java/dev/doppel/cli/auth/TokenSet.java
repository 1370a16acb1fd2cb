package dev.doppel.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * A Keycloak login: the access token, the refresh token and when each expires, plus the realm that issued them so
 * that a later command refreshes against the same one.
 *
 * @param refreshToken null when the grant gave none
 * @param refreshExpiresAt null when the refresh token does not expire (offline tokens) or there is none
 */
public record TokenSet(String realmUrl, String username, String accessToken, Instant expiresAt, String refreshToken,
                       Instant refreshExpiresAt) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Keycloak's token response, received at {@code now}; {@code expires_in} values are seconds from then. */
    static TokenSet fromTokenResponse(String realmUrl, String username, JsonNode response, Instant now) {
        Instant refreshExpiry = response.path("refresh_expires_in").asLong(0) > 0
                ? now.plusSeconds(response.get("refresh_expires_in").asLong()) : null;
        return new TokenSet(realmUrl, username, response.path("access_token").asText(),
                now.plusSeconds(response.path("expires_in").asLong(300)), response.path("refresh_token").asText(null),
                refreshExpiry);
    }

    /** With a margin, so that a token does not expire between this check and the gateway's. */
    boolean accessValidAt(Instant now) {
        return now.plusSeconds(15).isBefore(expiresAt);
    }

    boolean refreshValidAt(Instant now) {
        return refreshToken != null && (refreshExpiresAt == null || now.plusSeconds(5).isBefore(refreshExpiresAt));
    }

    ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode().put("realm_url", realmUrl).put("username", username)
                .put("access_token", accessToken).put("expires_at", expiresAt.getEpochSecond())
                .put("refresh_token", refreshToken);
        json.put("refresh_expires_at", refreshExpiresAt == null ? null : refreshExpiresAt.getEpochSecond());
        return json;
    }

    static TokenSet fromJson(JsonNode json) {
        JsonNode refreshExpiry = json.path("refresh_expires_at");
        return new TokenSet(json.path("realm_url").asText(), json.path("username").asText(null),
                json.path("access_token").asText(), Instant.ofEpochSecond(json.path("expires_at").asLong()),
                json.path("refresh_token").asText(null),
                refreshExpiry.isNumber() ? Instant.ofEpochSecond(refreshExpiry.asLong()) : null);
    }
}
