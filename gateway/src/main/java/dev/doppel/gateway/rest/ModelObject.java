package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.service.BaseModels;

/** OpenAI's model object. */
public record ModelObject(String id, String object, long created, String owned_by) {
    /** Who owns the base models every tenant may fine-tune. */
    static final String PLATFORM = "doppel";

    public static ModelObject of(ModelRecord m) {
        return new ModelObject(m.id, "model", m.createdAt.getEpochSecond(), m.tenantId);
    }

    public static ModelObject of(BaseModels.BaseModel m) {
        return new ModelObject(m.name(), "model", m.created().getEpochSecond(), PLATFORM);
    }

    /** What {@code DELETE /v1/models/{id}} answers: {@code {id, object: "model", deleted: true}}. */
    public record Deleted(String id, String object, boolean deleted) {
    }
}
