package dev.doppel.ingest.service;

import dev.doppel.dataprep.anonymize.Pseudonyms;
import dev.doppel.ingest.config.IngestConfig;
import dev.doppel.ingest.persistence.Pseudonym;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Loads and saves each tenant's pseudonym table, so a name or address keeps its pseudonym across
 * uploads. Call inside the transaction that saves the dataset: the new entries commit with it.
 */
@ApplicationScoped
public class PseudonymTables {
    private static final Logger LOG = Logger.getLogger(PseudonymTables.class);
    static final String DEVELOPMENT_KEY = "doppel-development-pseudonym-key-change-me";

    private final byte[] masterKey;

    public PseudonymTables(IngestConfig config) {
        String key = config.anonymize().key();
        if (key.equals(DEVELOPMENT_KEY)) {
            LOG.warn("doppel.ingest.anonymize.key is the development default: set DOPPEL_INGEST_PSEUDONYM_KEY in production");
        }
        this.masterKey = key.getBytes(StandardCharsets.UTF_8);
    }

    /** A table and the entries it had when loaded, to tell the new ones apart on save. */
    public record Loaded(Pseudonyms pseudonyms, Map<String, Integer> before) {
    }

    public Uni<Loaded> load(String tenantId) {
        return Pseudonym.<Pseudonym>list("tenantId", tenantId).map(rows -> {
            Map<String, Integer> entries = new HashMap<>();
            rows.forEach(row -> entries.put(row.digest, row.number));
            return new Loaded(Pseudonyms.restore(tenantSecret(tenantId), entries), Map.copyOf(entries));
        });
    }

    public Uni<Void> saveNew(String tenantId, Loaded loaded) {
        List<Pseudonym> added = loaded.pseudonyms().entries().entrySet().stream()
                .filter(entry -> !loaded.before().containsKey(entry.getKey()))
                .map(entry -> {
                    var row = new Pseudonym();
                    row.tenantId = tenantId;
                    row.digest = entry.getKey();
                    row.number = entry.getValue();
                    return row;
                })
                .toList();
        return added.isEmpty() ? Uni.createFrom().voidItem() : Pseudonym.persist(added);
    }

    /** Each tenant's HMAC key, derived from the master key: one tenant's table says nothing about another's. */
    byte[] tenantSecret(String tenantId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(("pseudonyms:" + tenantId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
