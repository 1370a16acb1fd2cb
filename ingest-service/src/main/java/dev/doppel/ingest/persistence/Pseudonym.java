package dev.doppel.ingest.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One entry of a tenant's pseudonym table: a keyed digest of an original (never the original) and its
 * number, so {@code bob@example.com} is {@code <EMAIL_3>} in every upload of that tenant.
 */
@Entity
@Table(name = "pseudonyms")
@IdClass(Pseudonym.Key.class)
public class Pseudonym extends PanacheEntityBase {
    @Id
    @Column(length = 200)
    public String tenantId;

    @Id
    @Column(length = 200)
    public String digest;

    @Column(nullable = false)
    public int number;

    public static class Key implements Serializable {
        public String tenantId;
        public String digest;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(digest, k.digest);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, digest);
        }
    }
}
