package dev.doppel.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.gateway.client.EvaluatorAnswers;
import dev.doppel.gateway.client.EvaluatorClient;
import dev.doppel.gateway.security.Identities;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code /v1/doppel/reviews}: the human review queue for role {@code reviewer}, passed on to the evaluator. The
 * reviewer is the token's subject (Keycloak's stable user id), never a field of the body: a body naming a
 * {@code reviewer} is refused, so nobody answers in someone else's name.
 */
@Path("/v1/doppel/reviews")
@RolesAllowed("reviewer")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewsResource {
    private final EvaluatorClient evaluator;
    private final EvaluatorAnswers answers;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    ReviewsResource(@RestClient EvaluatorClient evaluator, EvaluatorAnswers answers, SecurityIdentity identity,
            ObjectMapper json) {
        this.evaluator = evaluator;
        this.answers = answers;
        this.identity = identity;
        this.json = json;
    }

    /** 200 with the reviewer's next task ({@code kind}, {@code taskId}, {@code prompt}, {@code candidates}, {@code leaseUntil}); 204 when none is left. */
    @POST
    @Path("/next")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> next(String body) {
        // Any content type and an empty body are fine: the request has nothing to say but who asks.
        JsonNode parsed;
        try {
            parsed = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.invalid(null, "The request body must be empty or a JSON object.");
        }
        return forward(evaluator.next(request(parsed, Set.of())));
    }

    /** Body {@code {"ranking": [candidate ids, best first]}}. */
    @POST
    @Path("/tasks/{id}/ranking")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> rank(@PathParam("id") String taskId, JsonNode body) {
        return forward(evaluator.rank(taskId, request(body, Set.of("ranking"))));
    }

    /** Body {@code {"human": candidate id}}: the reply the reviewer thinks a person wrote. */
    @POST
    @Path("/tasks/{id}/turing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> guess(@PathParam("id") String taskId, JsonNode body) {
        return forward(evaluator.guess(taskId, request(body, Set.of("human"))));
    }

    private Uni<Response> forward(Uni<Response> call) {
        return answers.body(call).map(answer -> answer.map(node -> Response.ok(node, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Response.noContent().build()));
    }

    /** The allowed fields of the client's body, and the reviewer from the token. */
    private ObjectNode request(JsonNode body, Set<String> allowed) {
        ObjectNode forwarded = json.createObjectNode();
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            if (!body.isObject()) {
                throw ApiException.invalid(null, "The request body must be a JSON object.");
            }
            for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!allowed.contains(field)) {
                    throw ApiException.invalid(field, "Unrecognized request argument supplied: " + field
                            + ("reviewer".equals(field) ? " (the reviewer is whoever the token belongs to)" : ""));
                }
                forwarded.set(field, body.get(field));
            }
        }
        forwarded.put("reviewer", Identities.subjectOf(identity));
        return forwarded;
    }
}
