package dev.doppel.dataprep;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message as an export records it, before anyone decides whose voice it is.
 *
 * @param sender        display name as the export spells it ("Alice Smith"); never null, may be empty
 * @param senderAddress the sender's address when the export has one: an e-mail address, a phone
 *                      number, or an account id such as Telegram's {@code user123}; null when absent
 * @param sentAt        when it was sent; null when the export has no usable time
 * @param text          the message text, already cleaned of format noise (quoted replies, signatures,
 *                      markup); may be empty (an attachment without caption)
 * @param messageId     the export's id for the message (mail Message-ID, Telegram id); null when absent
 * @param inReplyTo     id of the message this one answers (mail In-Reply-To, Telegram
 *                      reply_to_message_id); null when absent
 * @param references    mail References, oldest first; empty elsewhere
 */
public record ChatMessage(
        String sender,
        String senderAddress,
        Instant sentAt,
        String text,
        String messageId,
        String inReplyTo,
        List<String> references) {

    public ChatMessage {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(text, "text");
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A chat message: sender, time and text only. */
    public static ChatMessage of(String sender, Instant sentAt, String text) {
        return new ChatMessage(sender, null, sentAt, text, null, null, List.of());
    }

    public ChatMessage withText(String newText) {
        return new ChatMessage(sender, senderAddress, sentAt, newText, messageId, inReplyTo, references);
    }
}
