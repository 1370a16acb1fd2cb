package dev.doppel.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.gateway.client.EvaluatorAnswers;
import dev.doppel.gateway.client.EvaluatorClient;
import dev.doppel.gateway.persistence.EvaluationRecord;
import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.security.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code /v1/doppel/models/{id}/evaluation}: Doppel's own — how the checkpoint a model serves scored on
 * held-out data, next to the n-gram baseline; {@code …/evaluations}: every scored checkpoint of it. 404 for another tenant's model, and until the evaluation
 * of the published checkpoint has arrived.
 */
@Path("/v1/doppel/models")
@RolesAllowed("tenant")
public class EvaluationsResource {
    private final TenantContext tenant;
    private final ObjectMapper json;
    private final EvaluatorClient evaluator;
    private final EvaluatorAnswers answers;

    EvaluationsResource(TenantContext tenant, ObjectMapper json, @RestClient EvaluatorClient evaluator,
            EvaluatorAnswers answers) {
        this.tenant = tenant;
        this.json = json;
        this.evaluator = evaluator;
        this.answers = answers;
    }

    /**
     * What reviewers made of the tenant's model (the evaluator's agreement and Turing-test statistics), optionally
     * of one {@code checkpoint}. The gateway checks the model is the tenant's before asking the evaluator, which
     * answers 404 until reviewers have tasks of it.
     */
    @GET
    @Path("/{id}/review_statistics")
    public Uni<JsonNode> reviewStatistics(@PathParam("id") String id, @QueryParam("checkpoint") String checkpoint) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("model", id))
                .chain(model -> answers.body(evaluator.statistics(tenantId, model.id,
                        checkpoint == null || checkpoint.isBlank() ? null : checkpoint)))
                .map(body -> body.orElseThrow(() -> ApiException.notFound("review statistics of model", id)));
    }

    @GET
    @Path("/{id}/evaluation")
    public Uni<EvaluationObject> evaluation(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, id)
                        .onItem().ifNull().failWith(() -> ApiException.notFound("model", id))
                        .chain(model -> EvaluationRecord.findForTenant(tenantId, model.evaluationId)))
                .onItem().ifNull().failWith(() -> ApiException.notFound("evaluation of model", id))
                .map(e -> EvaluationObject.of(e, scores(e)));
    }

    /** Every scored checkpoint of the model, by step: how the scores moved over training. */
    @GET
    @Path("/{id}/evaluations")
    public Uni<ListEnvelope<EvaluationObject>> evaluations(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> EvaluationRecord.listForModel(tenantId, id))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ApiException.notFound("model", id);
                    }
                    return new ListEnvelope<>("list", rows.stream().map(e -> EvaluationObject.of(e, scores(e))).toList(), false);
                });
    }

    private JsonNode scores(EvaluationRecord e) {
        try {
            return e.scores == null ? null : json.readTree(e.scores);
        } catch (JsonProcessingException ex) {
            return null; // written by this service from an event; unreadable means an older row without scores
        }
    }
}
