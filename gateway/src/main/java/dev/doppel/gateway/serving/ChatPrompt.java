package dev.doppel.gateway.serving;

import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.ExampleText;
import dev.doppel.dataprep.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders chat messages into the prompt text the model was trained on. Ingest turns an OpenAI chat line into a
 * pair whose prompt is the last user message and whose context is every message before it, each named by its
 * role (or its {@code name}, except for system messages); {@link ExampleText} then writes the context as
 * {@code speaker: text} lines before the prompt. Serving reuses both rules, so the model sees the shape it learned.
 */
public final class ChatPrompt {

    /** One chat message: role {@code system}, {@code user} or {@code assistant}; name may be null. */
    public record Message(String role, String name, String content) {
    }

    /** The prompt text; the last message must be the user's (training never continues from anything else). */
    public static String render(List<Message> messages) {
        Message last = messages.get(messages.size() - 1);
        if (!"user".equals(last.role())) {
            throw new IllegalArgumentException("the last message must have role 'user', got '" + last.role() + "'");
        }
        List<Turn> context = new ArrayList<>();
        for (Message message : messages.subList(0, messages.size() - 1)) {
            context.add(new Turn(speaker(message), "assistant".equals(message.role()), message.content()));
        }
        return ExampleText.prompt(new Example(context, last.content(), "", "serving", null));
    }

    private static String speaker(Message message) {
        boolean named = message.name() != null && !message.name().isBlank() && !"system".equals(message.role());
        return named ? message.name() : message.role();
    }

    private ChatPrompt() {
    }
}
