package dev.doppel.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.Ids;
import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.serving.ChatPrompt;
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
 * {@code /v1/chat/completions}: a reply from the tenant's model, whole ({@code chat.completion}) or streamed as
 * server-sent {@code chat.completion.chunk}s ending with {@code data: [DONE]}, as OpenAI sends them.
 */
@Path("/v1/chat/completions")
@RolesAllowed("tenant")
public class ChatCompletionsResource {
    private static final String ASSISTANT = "assistant";

    private final GenerationService generations;
    private final TenantContext tenant;
    private final CompletionStream stream;

    ChatCompletionsResource(GenerationService generations, TenantContext tenant, ObjectMapper json) {
        this.generations = generations;
        this.tenant = tenant;
        this.stream = new CompletionStream(json);
    }

    @POST
    public RestMulti<String> complete(JsonNode body) {
        ChatCompletionRequest request = ChatCompletionRequest.parse(body);
        var prepared = generations.prepare(tenant.tenantId(), request.model(), ChatPrompt.render(request.messages()),
                request.sampling(), generations.defaultChatMaxTokens(), Endpoint.CHAT, request.stream());
        return RestMulti.fromUniResponse(prepared, p -> respond(request, p), p -> CompletionStream.headers(request.stream()));
    }

    private Multi<String> respond(ChatCompletionRequest request, PreparedGeneration prepared) {
        var reply = new Reply(Ids.newId("chatcmpl"), Instant.now().getEpochSecond(), prepared.model(), request);
        return stream.body(generations.run(prepared), request.stream(), reply::whole, reply::chunks);
    }

    /** One reply's id, creation time and model, shared by all its chunks. */
    private record Reply(String id, long created, String model, ChatCompletionRequest request) {

        ChatCompletionResponse whole(GenerationEvent.Finished finished) {
            List<ChatCompletionResponse.Choice> choices = new ArrayList<>();
            for (int i = 0; i < finished.choices().size(); i++) {
                Generator.Generation choice = finished.choices().get(i);
                choices.add(new ChatCompletionResponse.Choice(i, new ChatCompletionResponse.Message(ASSISTANT,
                        choice.text()), null, choice.finishReason().openAiName()));
            }
            return new ChatCompletionResponse(id, "chat.completion", created, model, choices,
                    ChatCompletionResponse.Usage.of(finished.promptTokens(), finished.completionTokens()));
        }

        List<ChatCompletionChunk> chunks(GenerationEvent event) {
            return switch (event) {
                case GenerationEvent.Started ignored -> {
                    List<ChatCompletionChunk> roles = new ArrayList<>();
                    for (int i = 0; i < request.sampling().n(); i++) {
                        roles.add(chunk(i, new ChatCompletionChunk.Delta(ASSISTANT, ""), null));
                    }
                    yield roles;
                }
                case GenerationEvent.Delta delta ->
                        List.of(chunk(delta.choice(), new ChatCompletionChunk.Delta(null, delta.text()), null));
                case GenerationEvent.Finished finished -> {
                    List<ChatCompletionChunk> ends = new ArrayList<>();
                    for (int i = 0; i < finished.choices().size(); i++) {
                        ends.add(chunk(i, new ChatCompletionChunk.Delta(null, null),
                                finished.choices().get(i).finishReason().openAiName()));
                    }
                    if (request.includeUsage()) {
                        ends.add(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(),
                                ChatCompletionResponse.Usage.of(finished.promptTokens(), finished.completionTokens())));
                    }
                    yield ends;
                }
            };
        }

        private ChatCompletionChunk chunk(int index, ChatCompletionChunk.Delta delta, String finishReason) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                    List.of(new ChatCompletionChunk.Choice(index, delta, null, finishReason)), null);
        }
    }
}
