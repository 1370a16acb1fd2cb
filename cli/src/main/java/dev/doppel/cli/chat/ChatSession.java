package dev.doppel.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.GatewayClient;
import dev.doppel.cli.api.ChatApi;
import dev.doppel.cli.api.ChatRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A conversation with a model: every turn sends the whole history, as OpenAI's API is stateless, and the reply is
 * streamed to the screen as it arrives. A gateway that cannot stream yet (400 on {@code stream}) gets whole
 * replies instead, once noticed.
 */
final class ChatSession {
    private final ChatApi chat;
    private final ChatRequest settings;
    private final List<Map<String, String>> conversation = new ArrayList<>();
    private final Consumer<String> text;
    private final Consumer<String> json;
    private boolean stream;

    /**
     * @param text receives the reply's text in pieces, as it arrives
     * @param json receives each raw API object (chunk or completion) instead, for {@code --json}; null otherwise
     */
    ChatSession(ChatApi chat, ChatRequest settings, String system, boolean stream, Consumer<String> text,
                Consumer<String> json) {
        this.chat = chat;
        this.settings = settings;
        this.stream = stream;
        this.text = text;
        this.json = json;
        if (system != null) {
            conversation.add(ChatRequest.message("system", system));
        }
    }

    /** Sends {@code message}, shows the reply and keeps both in the conversation; returns the reply. */
    String say(String message) throws IOException, InterruptedException {
        conversation.add(ChatRequest.message("user", message));
        ChatRequest request = settings.withMessages(conversation);
        String reply;
        try {
            reply = stream ? streamed(request) : whole(request);
        } catch (GatewayClient.ApiError e) {
            if (!stream || !ChatApi.streamingUnsupported(e)) {
                conversation.removeLast();
                throw e;
            }
            stream = false;
            reply = whole(request);
        } catch (IOException | RuntimeException e) {
            conversation.removeLast(); // the turn did not happen; the user may try again
            throw e;
        }
        conversation.add(ChatRequest.message("assistant", reply));
        return reply;
    }

    void reset() {
        conversation.removeIf(m -> !"system".equals(m.get("role")));
    }

    private String streamed(ChatRequest request) throws IOException, InterruptedException {
        return chat.stream(request, chunk -> {
            if (json != null) {
                json.accept(chunk.toString());
            } else {
                String delta = ChatApi.deltaContent(chunk);
                if (!delta.isEmpty()) {
                    text.accept(delta);
                }
            }
        }).content();
    }

    private String whole(ChatRequest request) throws IOException, InterruptedException {
        JsonNode completion = chat.complete(request);
        if (json != null) {
            json.accept(completion.toString());
        } else {
            text.accept(ChatApi.replyContent(completion));
        }
        return ChatApi.replyContent(completion);
    }
}
