package dev.doppel.gateway.service;

import dev.doppel.events.Ids;
import dev.doppel.gateway.persistence.ApiKeyRecord;
import dev.doppel.gateway.rest.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Creates, lists, revokes and checks tenants' API keys.
 *
 * <p>A secret is {@value #PREFIX} plus 32 bytes from {@link SecureRandom} (256 bits). Only its SHA-256 is
 * stored. A slow password hash (bcrypt, Argon2) protects low-entropy, human-chosen secrets against guessing
 * after a database leak; a 256-bit random secret cannot be guessed however fast the hash, so a slow hash would
 * only cost CPU on every request. A plain, deterministic hash also lets the key be found by an indexed lookup
 * instead of comparing against every stored key.
 */
@ApplicationScoped
public class ApiKeyService {
    public static final String PREFIX = "sk-doppel-";
    static final int SECRET_BYTES = 32;
    static final int MAX_NAME_LENGTH = 128;
    /** lastUsedAt is written at most once per this interval per key, so that using a key is not a write per request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key just made, with the secret the caller sees this once. */
    public record Created(ApiKeyRecord key, String secret) {
    }

    public Uni<Created> create(String tenantId, String createdBy, String name) {
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalid("name", "name must be at most " + MAX_NAME_LENGTH + " characters.");
        }
        String secret = newSecret();
        var key = new ApiKeyRecord();
        key.id = Ids.newId("key");
        key.tenantId = tenantId;
        key.name = name == null || name.isBlank() ? "Secret key" : name.strip();
        key.prefix = secret.substring(0, PREFIX.length() + 4);
        key.last4 = secret.substring(secret.length() - 4);
        key.secretHash = hash(secret);
        key.createdBy = createdBy;
        key.createdAt = Instant.now();
        return Panache.withTransaction(() -> key.<ApiKeyRecord>persist()).map(saved -> new Created(saved, secret));
    }

    public Uni<List<ApiKeyRecord>> list(String tenantId) {
        return Panache.withSession(() -> ApiKeyRecord.listActiveForTenant(tenantId));
    }

    /** Revokes the tenant's key; another tenant's or an already revoked key answers 404. */
    public Uni<ApiKeyRecord> revoke(String tenantId, String id) {
        return Panache.withTransaction(() -> ApiKeyRecord.findActiveForTenant(tenantId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("API key", id))
                .invoke(key -> key.revokedAt = Instant.now()));
    }

    /** The active key with this secret (its last use noted), or null. */
    public Uni<ApiKeyRecord> authenticate(String secret) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> ApiKeyRecord.findActiveByHash(hash(secret))
                .call(key -> key == null ? Uni.createFrom().voidItem()
                        : ApiKeyRecord.touch(key.id, now, now.minus(LAST_USED_RESOLUTION))));
    }

    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
