package dev.doppel.dataprep.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One file of a Facebook / Messenger thread ({@code messages/inbox/<thread>/message_N.json}). A long
 * thread spans several files that share {@code thread_path}, the conversation id: the pipeline merges
 * conversations with the same id. Messages come newest first and leave oldest first. Every string is
 * repaired from Facebook's mojibake (see {@link #repairMojibake(String)}).
 */
public final class MessengerParser implements ExportParser {
    private static final List<String> MEDIA_FIELDS = List.of("photos", "videos", "audio_files", "gifs", "files",
            "sticker", "share");
    /** Message types Facebook writes for calls and for people joining or leaving, not for words. */
    private static final Set<String> SYSTEM_TYPES = Set.of("Call", "Subscribe", "Unsubscribe");

    @Override
    public Format format() {
        return Format.MESSENGER;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        StreamedJson.walk(in, fileName, json -> read(json, fileName, sink));
    }

    private static void read(StreamedJson json, String fileName, ExportSink sink)
            throws IOException, InvalidInputException {
        json.next();
        json.expect(JsonToken.START_OBJECT, "a Messenger thread file");
        var messages = new ArrayList<ChatMessage>();
        var participants = new ArrayList<String>();
        String title = null;
        String threadPath = null;
        boolean sawMessages = false;
        while (json.next() == JsonToken.FIELD_NAME) {
            String field = json.fieldName();
            json.next();
            switch (field) {
                case "messages" -> {
                    readMessages(json, sink, messages);
                    sawMessages = true;
                }
                case "participants" -> readParticipants(json, participants);
                case "title" -> title = repairMojibake(string(json, field));
                case "thread_path" -> threadPath = repairMojibake(string(json, field));
                default -> json.skipValue();
            }
        }
        if (!sawMessages) {
            throw json.error("not a Messenger thread file: it has no \"messages\"");
        }
        if (json.next() != null) {
            throw json.error("more JSON after the end of the thread");
        }
        if (messages.isEmpty()) {
            return;
        }
        messages.sort(Comparator.comparing(ChatMessage::sentAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        String id = threadPath != null ? threadPath : fileName;
        String shownTitle = title != null ? title : String.join(", ", participants);
        sink.conversation(new Conversation(id, shownTitle, messages));
    }

    private static String string(StreamedJson json, String field) throws IOException, InvalidInputException {
        if (json.current() == JsonToken.VALUE_NULL) {
            return null;
        }
        json.expect(JsonToken.VALUE_STRING, "\"" + field + "\"");
        return json.text();
    }

    private static void readParticipants(StreamedJson json, List<String> participants)
            throws IOException, InvalidInputException {
        json.expect(JsonToken.START_ARRAY, "\"participants\"");
        while (json.next() != JsonToken.END_ARRAY) {
            json.expect(JsonToken.START_OBJECT, "each of \"participants\"");
            JsonNode name = json.tree().get("name");
            if (name != null && name.isTextual()) {
                participants.add(repairMojibake(name.textValue()));
            }
        }
    }

    private static void readMessages(StreamedJson json, ExportSink sink, List<ChatMessage> messages)
            throws IOException, InvalidInputException {
        json.expect(JsonToken.START_ARRAY, "\"messages\"");
        while (json.next() != JsonToken.END_ARRAY) {
            JsonLocation at = json.here();
            json.expect(JsonToken.START_OBJECT, "each of \"messages\"");
            ChatMessage message = toMessage(json, json.tree(), at, sink);
            if (message != null) {
                messages.add(message);
            }
        }
    }

    private static ChatMessage toMessage(StreamedJson json, JsonNode node, JsonLocation at, ExportSink sink)
            throws InvalidInputException {
        if (node.path("is_unsent").asBoolean(false)) {
            sink.skipped("deleted");
            return null;
        }
        if (SYSTEM_TYPES.contains(node.path("type").asText(""))) {
            sink.skipped("system");
            return null;
        }
        String content = textField(json, node, "content", at);
        if (content == null || content.isBlank()) {
            sink.skipped(MEDIA_FIELDS.stream().anyMatch(node::hasNonNull) ? "media" : "empty");
            return null;
        }
        String sender = textField(json, node, "sender_name", at);
        return new ChatMessage(sender == null ? "" : sender, null, sentAt(json, node, at), content, null, null,
                List.of());
    }

    private static String textField(StreamedJson json, JsonNode node, String field, JsonLocation at)
            throws InvalidInputException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw json.error(at, "message: \"" + field + "\" must be a string, found " + StreamedJson.describe(value));
        }
        return repairMojibake(value.textValue());
    }

    private static Instant sentAt(StreamedJson json, JsonNode node, JsonLocation at) throws InvalidInputException {
        JsonNode value = node.get("timestamp_ms");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw json.error(at, "message: \"timestamp_ms\" must be milliseconds since 1970, found "
                    + StreamedJson.describe(value));
        }
        return Instant.ofEpochMilli(value.longValue());
    }

    /**
     * Facebook writes each UTF-8 byte of its text as its own <code>&#92;u00XX</code> escape, so "é" arrives as
     * "Ã©". Undoing that (the chars as latin-1 bytes, decoded as UTF-8) is safe only when every char
     * fits a byte and those bytes are valid UTF-8; anything else is left as it came.
     */
    public static String repairMojibake(String s) {
        if (s == null) {
            return null;
        }
        boolean nonAscii = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return s;
            }
            nonAscii |= c >= 0x80;
        }
        if (!nonAscii) {
            return s;
        }
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        if (Utf8.firstInvalidByte(bytes, 0, bytes.length) >= 0) {
            return s;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
