package dev.doppel.dataprep;

import java.util.List;
import java.util.Objects;

/**
 * A chat (or a mail thread) in the order its messages were sent. {@code id} is stable for the same
 * export and unique within it: splits are decided per conversation, so one conversation never lands
 * in two of them.
 */
public record Conversation(String id, String title, List<ChatMessage> messages) {
    public Conversation {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        messages = List.copyOf(messages);
    }
}
