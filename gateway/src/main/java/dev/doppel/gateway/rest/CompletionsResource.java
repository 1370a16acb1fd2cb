package dev.doppel.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.Ids;
import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.serving.Endpoint;
import dev.doppel.gateway.serving.GenerationEvent;
import dev.doppel.gateway.serving.GenerationService;
import dev.doppel.gateway.serving.PreparedGeneration;
import dev.doppel.lm.Generator;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * {@code /v1/completions}, OpenAI's legacy prompt API: the prompt goes to the tenant's model as one raw message
 * (in the chat template the model was fine-tuned with, as a prompt/completion pair was), no speaker lines.
 */
@Path("/v1/completions")
@RolesAllowed("tenant")
public class CompletionsResource {
    private static final String OBJECT = "text_completion";

    private final GenerationService generations;
    private final TenantContext tenant;
    private final CompletionStream stream;

    CompletionsResource(GenerationService generations, TenantContext tenant, ObjectMapper json) {
        this.generations = generations;
        this.tenant = tenant;
        this.stream = new CompletionStream(json);
    }

    @POST
    public RestMulti<String> complete(JsonNode body) {
        CompletionRequest request = CompletionRequest.parse(body);
        var prepared = generations.prepare(tenant.tenantId(), request.model(), request.prompt(), request.sampling(),
                CompletionRequest.DEFAULT_MAX_TOKENS, Endpoint.COMPLETIONS, request.stream());
        return RestMulti.fromUniResponse(prepared, p -> respond(request, p), p -> CompletionStream.headers(request.stream()));
    }

    private Multi<String> respond(CompletionRequest request, PreparedGeneration prepared) {
        var reply = new Reply(Ids.newId("cmpl"), Instant.now().getEpochSecond(), prepared.model(), request);
        return stream.body(generations.run(prepared), request.stream(), reply::whole, reply::chunks);
    }

    private record Reply(String id, long created, String model, CompletionRequest request) {

        CompletionResponse whole(GenerationEvent.Finished finished) {
            List<CompletionResponse.Choice> choices = new ArrayList<>();
            for (int i = 0; i < finished.choices().size(); i++) {
                Generator.Generation choice = finished.choices().get(i);
                choices.add(new CompletionResponse.Choice(choice.text(), i, null, choice.finishReason().openAiName()));
            }
            return new CompletionResponse(id, OBJECT, created, model, choices,
                    ChatCompletionResponse.Usage.of(finished.promptTokens(), finished.completionTokens()));
        }

        /** The legacy stream has no role chunk: text deltas, then one empty chunk per choice with its finish reason. */
        List<CompletionResponse> chunks(GenerationEvent event) {
            return switch (event) {
                case GenerationEvent.Started ignored -> List.of();
                case GenerationEvent.Delta delta -> List.of(chunk(delta.choice(), delta.text(), null));
                case GenerationEvent.Finished finished -> {
                    List<CompletionResponse> ends = new ArrayList<>();
                    for (int i = 0; i < finished.choices().size(); i++) {
                        ends.add(chunk(i, "", finished.choices().get(i).finishReason().openAiName()));
                    }
                    if (request.includeUsage()) {
                        ends.add(new CompletionResponse(id, OBJECT, created, model, List.of(),
                                ChatCompletionResponse.Usage.of(finished.promptTokens(), finished.completionTokens())));
                    }
                    yield ends;
                }
            };
        }

        private CompletionResponse chunk(int index, String text, String finishReason) {
            return new CompletionResponse(id, OBJECT, created, model,
                    List.of(new CompletionResponse.Choice(text, index, null, finishReason)), null);
        }
    }
}
