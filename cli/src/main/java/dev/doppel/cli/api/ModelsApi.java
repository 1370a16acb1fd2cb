package dev.doppel.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.GatewayClient;
import java.io.IOException;
import java.util.Optional;

/** {@code /v1/models} and Doppel's evaluations of a fine-tuned model. */
public final class ModelsApi {
    /** Base models are owned by the platform; everything else in the list is the tenant's own. */
    static final String PLATFORM_OWNER = "doppel";

    private final GatewayClient client;

    public ModelsApi(GatewayClient client) {
        this.client = client;
    }

    public JsonNode list() throws IOException, InterruptedException {
        return client.get("/v1/models");
    }

    /** The tenant's most recently created fine-tuned model that the gateway serves (it lists only ready ones). */
    public Optional<String> newestFineTuned() throws IOException, InterruptedException {
        JsonNode newest = null;
        for (JsonNode model : list().path("data")) {
            if (!PLATFORM_OWNER.equals(model.path("owned_by").asText())
                    && (newest == null || model.path("created").asLong() > newest.path("created").asLong())) {
                newest = model;
            }
        }
        return Optional.ofNullable(newest).map(m -> m.path("id").asText());
    }

    /** The evaluation of the checkpoint the model serves. */
    public JsonNode evaluation(String model) throws IOException, InterruptedException {
        return client.get("/v1/doppel/models/" + Ids.path(model) + "/evaluation");
    }

    /** Every checkpoint's evaluation so far. */
    public JsonNode evaluations(String model) throws IOException, InterruptedException {
        return client.get("/v1/doppel/models/" + Ids.path(model) + "/evaluations");
    }
}
