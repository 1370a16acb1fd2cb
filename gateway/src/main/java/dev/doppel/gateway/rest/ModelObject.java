package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.ModelRecord;

/** OpenAI's model object. */
public record ModelObject(String id, String object, long created, String owned_by) {
    public static ModelObject of(ModelRecord m) {
        return new ModelObject(m.id, "model", m.createdAt.getEpochSecond(), m.tenantId);
    }
}
