package dev.doppel.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's API key. Only the SHA-256 of the secret is stored (see {@code ApiKeyService} for why a plain
 * hash is enough); the secret itself is shown once, when the key is created. A revoked key keeps its row
 * so that who had which key stays auditable, but it no longer authenticates and is no longer listed.
 */
@Entity
@Table(name = "api_keys", indexes = @Index(name = "api_keys_secret_hash", columnList = "secretHash", unique = true))
public class ApiKeyRecord extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    public String name;
    /** The start of the secret ({@code sk-doppel-Ab12}) and its last four characters, to recognise it by. */
    public String prefix;
    public String last4;
    /** Hex SHA-256 of the whole secret. */
    @Column(length = 64, nullable = false)
    public String secretHash;
    /** Who created it (the token's subject), for the audit trail. */
    public String createdBy;
    public Instant createdAt;
    public Instant lastUsedAt;
    public Instant revokedAt;

    public static Uni<ApiKeyRecord> findActiveByHash(String secretHash) {
        return find("secretHash = ?1 and revokedAt is null", secretHash).firstResult();
    }

    public static Uni<ApiKeyRecord> findActiveForTenant(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2 and revokedAt is null", id, tenantId).firstResult();
    }

    public static Uni<List<ApiKeyRecord>> listActiveForTenant(String tenantId) {
        return list("tenantId = ?1 and revokedAt is null order by createdAt desc, id desc", tenantId);
    }

    /** Sets {@code lastUsedAt} unless it is already newer than {@code staleBefore}: one write per key per interval, not per request. */
    public static Uni<Integer> touch(String id, Instant now, Instant staleBefore) {
        return update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)", now, id, staleBefore);
    }
}
