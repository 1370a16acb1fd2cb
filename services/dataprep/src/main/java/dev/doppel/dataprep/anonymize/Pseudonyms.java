package dev.doppel.dataprep.anonymize;

import java.util.Map;

/**
 * Placeholder. Consistent per-tenant pseudonyms: the same e-mail address is {@code <EMAIL_1>} in every
 * file of a tenant. The table keeps keyed digests (HMAC with the tenant's secret) of the normalized
 * originals, never the originals, so it can be stored.
 */
public final class Pseudonyms {
    public Pseudonyms(byte[] tenantSecret) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** A table restored from {@link #entries()} saved earlier. */
    public static Pseudonyms restore(byte[] tenantSecret, Map<String, Integer> entries) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code <CLASS_n>} for this original (normalized per class: case for e-mail, digits for phones …). */
    public String pseudonym(PiiClass kind, String original) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** digest → number, everything the table holds, to persist. */
    public Map<String, Integer> entries() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
