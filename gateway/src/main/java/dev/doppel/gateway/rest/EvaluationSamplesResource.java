package dev.doppel.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.gateway.client.EvaluatorAnswers;
import dev.doppel.gateway.client.EvaluatorClient;
import dev.doppel.gateway.persistence.EvaluationRecord;
import dev.doppel.gateway.security.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code /v1/doppel/evaluations/{id}/samples}: the evaluation's held-out prompts side by side, each with the
 * person's real reply, the model's and the n-gram baseline's, and their sentence BLEU and chrF. The evaluation
 * ids are those of {@code /v1/doppel/models/{id}/evaluations}. The gateway's own table says whose evaluation it
 * is (another tenant's answers 404) before the evaluator is asked.
 */
@Path("/v1/doppel/evaluations")
@RolesAllowed("tenant")
public class EvaluationSamplesResource {
    private final TenantContext tenant;
    private final EvaluatorClient evaluator;
    private final EvaluatorAnswers answers;

    EvaluationSamplesResource(TenantContext tenant, @RestClient EvaluatorClient evaluator, EvaluatorAnswers answers) {
        this.tenant = tenant;
        this.evaluator = evaluator;
        this.answers = answers;
    }

    /** {@code {object: "list", data: [{position, prompt, reference, model: {text, bleu, chrf}, baseline}], has_more: false}}. */
    @GET
    @Path("/{id}/samples")
    public Uni<ListEnvelope<JsonNode>> samples(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> EvaluationRecord.findForTenant(tenantId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("evaluation", id))
                .chain(evaluation -> answers.body(evaluator.samples(evaluation.id)))
                .map(body -> new ListEnvelope<>("list", elements(body.orElse(null)), false));
    }

    private static List<JsonNode> elements(JsonNode array) {
        var samples = new ArrayList<JsonNode>();
        if (array != null && array.isArray()) {
            array.forEach(samples::add);
        }
        return samples;
    }
}
