package dev.doppel.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The evaluator's internal API (evaluator-service README): the human review queue and the side-by-side samples.
 * It trusts its caller, so only the gateway, after authenticating, calls it. Answers come back raw
 * ({@link Response}) so that {@link EvaluatorAnswers} can pass statuses through.
 */
@RegisterRestClient(configKey = "evaluator")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface EvaluatorClient {

    @POST
    @Path("/reviews/next")
    Uni<Response> next(JsonNode body);

    @POST
    @Path("/reviews/tasks/{id}/ranking")
    Uni<Response> rank(@PathParam("id") String taskId, JsonNode body);

    @POST
    @Path("/reviews/tasks/{id}/turing")
    Uni<Response> guess(@PathParam("id") String taskId, JsonNode body);

    @GET
    @Path("/reviews/statistics")
    Uni<Response> statistics(@QueryParam("tenant") String tenant, @QueryParam("model") String model,
            @QueryParam("checkpoint") String checkpoint);

    @GET
    @Path("/evaluations/{id}/samples")
    Uni<Response> samples(@PathParam("id") String evaluationId);
}
