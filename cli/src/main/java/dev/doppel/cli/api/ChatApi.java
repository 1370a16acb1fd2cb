package dev.doppel.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.cli.GatewayClient;
import java.io.IOException;

/** {@code /v1/chat/completions}, whole or streamed as {@code chat.completion.chunk} events. */
public final class ChatApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayClient client;

    public ChatApi(GatewayClient client) {
        this.client = client;
    }

    /** Called for each chunk as it arrives. */
    public interface ChunkListener {
        void chunk(JsonNode chunk) throws IOException;
    }

    /** What a stream delivered: the reply's text, how many chunks carried some of it, and how it ended. */
    public record StreamedReply(String content, int contentChunks, String finishReason, JsonNode usage) {
    }

    public JsonNode complete(ChatRequest request) throws IOException, InterruptedException {
        return client.post("/v1/chat/completions", request.body(false));
    }

    /**
     * Streams the reply, handing each chunk to {@code listener} as it arrives; returns once {@code data: [DONE]}
     * came. A stream that ends without it is an error: the reply may be cut short.
     */
    public StreamedReply stream(ChatRequest request, ChunkListener listener) throws IOException, InterruptedException {
        var content = new StringBuilder();
        int contentChunks = 0;
        String finishReason = null;
        JsonNode usage = null;
        try (SseReader events = client.streamPost("/v1/chat/completions", request.body(true))) {
            SseEvent event;
            while ((event = events.next()) != null) {
                if (event.isDone()) {
                    return new StreamedReply(content.toString(), contentChunks, finishReason, usage);
                }
                JsonNode chunk = JSON.readTree(event.data());
                if (chunk.path("error").isObject()) { // an error after the 200 has been sent travels in the stream
                    throw new GatewayClient.ApiError("POST /v1/chat/completions (stream)", 200, event.data());
                }
                listener.chunk(chunk);
                String delta = deltaContent(chunk);
                if (!delta.isEmpty()) {
                    content.append(delta);
                    contentChunks++;
                }
                JsonNode finish = chunk.path("choices").path(0).path("finish_reason");
                if (finish.isTextual()) {
                    finishReason = finish.asText();
                }
                if (chunk.path("usage").isObject()) {
                    usage = chunk.get("usage");
                }
            }
        }
        throw new IOException("the chat stream ended without data: [DONE] after " + content.length() + " characters");
    }

    /** The text a chunk adds to the reply; empty for role-only and final chunks. */
    public static String deltaContent(JsonNode chunk) {
        return chunk.path("choices").path(0).path("delta").path("content").asText("");
    }

    /** The reply of a whole (non-streamed) completion. */
    public static String replyContent(JsonNode completion) {
        return completion.path("choices").path(0).path("message").path("content").asText("");
    }

    /** A gateway that cannot stream chats yet refuses {@code stream} by name. */
    public static boolean streamingUnsupported(GatewayClient.ApiError error) {
        return error.status() == 400 && "stream".equals(error.param());
    }
}
