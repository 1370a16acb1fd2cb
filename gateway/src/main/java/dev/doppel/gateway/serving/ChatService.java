package dev.doppel.gateway.serving;

import dev.doppel.events.Ids;
import dev.doppel.gateway.persistence.ModelRecord;
import dev.doppel.gateway.rest.ApiException;
import dev.doppel.gateway.rest.ChatCompletionRequest;
import dev.doppel.gateway.rest.ChatCompletionResponse;
import dev.doppel.lm.GenerationOptions;
import dev.doppel.lm.Generator;
import dev.doppel.lm.LanguageModel;
import dev.doppel.platform.Offload;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Answers chat completions with the tenant's own checkpoint. */
@ApplicationScoped
public class ChatService {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final SecureRandom SEEDS = new SecureRandom();

    private final ModelCache models;
    private final int maxTokensLimit;
    private final int defaultMaxTokens;
    private final Timer generationTimer;

    ChatService(ModelCache models, MeterRegistry metrics,
            @ConfigProperty(name = "doppel.serving.max-tokens-limit", defaultValue = "512") int maxTokensLimit,
            @ConfigProperty(name = "doppel.serving.default-max-tokens", defaultValue = "64") int defaultMaxTokens) {
        this.models = models;
        this.maxTokensLimit = maxTokensLimit;
        this.defaultMaxTokens = defaultMaxTokens;
        this.generationTimer = Timer.builder("doppel.chat.generation")
                .description("Time to generate one chat completion").register(metrics);
    }

    public Uni<ChatCompletionResponse> complete(String tenantId, ChatCompletionRequest request) {
        GenerationOptions options = validate(request);
        String prompt = lastUserMessage(request.messages());
        return Panache.withSession(() -> ModelRecord.findReadyForTenant(tenantId, request.model()))
                .onItem().ifNull().failWith(() -> new ApiException(404, "invalid_request_error", "model_not_found",
                        "model", "The model '" + request.model() + "' does not exist or you do not have access to it."))
                .chain(model -> Offload.blocking(() -> generate(model, prompt, options)));
    }

    private ChatCompletionResponse generate(ModelRecord record, String prompt, GenerationOptions options)
            throws Exception {
        LanguageModel model = models.get(record.artifactKey);
        Generator.Generation reply = generationTimer.recordCallable(() -> Generator.generate(model, prompt, options));
        var choice = new ChatCompletionResponse.Choice(0,
                new ChatCompletionRequest.Message("assistant", reply.text()), reply.finishReason().openAiName());
        int promptTokens = reply.promptTokens();
        int completionTokens = reply.completionTokens();
        return new ChatCompletionResponse(Ids.newId("chatcmpl"), "chat.completion", Instant.now().getEpochSecond(),
                record.id, List.of(choice), new ChatCompletionResponse.Usage(promptTokens, completionTokens,
                        promptTokens + completionTokens));
    }

    private GenerationOptions validate(ChatCompletionRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw ApiException.invalid("model", "'model' is required.");
        }
        if (request.messages() == null || request.messages().isEmpty()) {
            throw ApiException.invalid("messages", "'messages' must be a non-empty array.");
        }
        for (int i = 0; i < request.messages().size(); i++) {
            var message = request.messages().get(i);
            if (message == null || !ROLES.contains(message.role())) {
                throw ApiException.invalid("messages[" + i + "].role", "role must be one of " + ROLES);
            }
            if (message.content() == null) {
                throw ApiException.invalid("messages[" + i + "].content", "content must be a string.");
            }
        }
        if (Boolean.TRUE.equals(request.stream())) {
            throw ApiException.invalid("stream", "Streaming is not supported yet.");
        }
        if (request.n() != null && request.n() != 1) {
            throw ApiException.invalid("n", "Only n=1 is supported yet.");
        }
        Integer requested = request.max_completion_tokens() != null ? request.max_completion_tokens() : request.max_tokens();
        int maxTokens = requested == null ? defaultMaxTokens : requested;
        if (maxTokens < 1 || maxTokens > maxTokensLimit) {
            throw ApiException.invalid(request.max_completion_tokens() != null ? "max_completion_tokens" : "max_tokens",
                    "must be between 1 and " + maxTokensLimit + ", got " + maxTokens);
        }
        double temperature = request.temperature() == null ? 1.0 : request.temperature();
        if (temperature < 0 || temperature > 2) {
            throw ApiException.invalid("temperature", "must be between 0 and 2, got " + temperature);
        }
        long seed = request.seed() == null ? SEEDS.nextLong() : request.seed();
        return GenerationOptions.sampling(maxTokens, temperature, GenerationOptions.defaults().topK(), seed);
    }

    private static String lastUserMessage(List<ChatCompletionRequest.Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        throw ApiException.invalid("messages", "messages must contain at least one message with role 'user'.");
    }
}
