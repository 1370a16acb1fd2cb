package dev.doppel.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.doppel.gateway.persistence.ApiKeyRecord;

/**
 * An API key as its owner sees it: never the secret, except in the answer to its creation ({@code secret}),
 * the only time it is ever shown. {@code redacted_value} ({@code sk-doppel-Ab12…wxyz}) is how it is recognised later.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyObject(String id, String object, String name, String redacted_value, String prefix, String last4,
        long created_at, Long last_used_at, String secret) {
    static final String OBJECT = "doppel.api_key";

    static ApiKeyObject of(ApiKeyRecord key) {
        return of(key, null);
    }

    static ApiKeyObject of(ApiKeyRecord key, String secret) {
        return new ApiKeyObject(key.id, OBJECT, key.name, key.prefix + "…" + key.last4, key.prefix, key.last4,
                key.createdAt.getEpochSecond(), key.lastUsedAt == null ? null : key.lastUsedAt.getEpochSecond(), secret);
    }

    /** What {@code DELETE} answers, like OpenAI's deleted objects. */
    public record Deleted(String id, String object, boolean deleted) {
    }
}
