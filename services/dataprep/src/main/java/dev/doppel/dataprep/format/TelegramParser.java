package dev.doppel.dataprep.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Telegram Desktop's {@code result.json}: a full export ({@code chats.list} and {@code left_chats.list})
 * or one chat exported alone (the chat object itself). The file is walked token by token and each
 * message read as one small tree, so a full export of hundreds of megabytes needs memory only for the
 * chat being read.
 */
public final class TelegramParser implements ExportParser {
    private static final String DELETED_ACCOUNT = "Deleted Account";
    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;
    /** Fields that carry an attachment: a message with one of these and no text has no words. */
    private static final List<String> MEDIA_FIELDS = List.of("media_type", "photo", "file", "sticker_emoji",
            "poll", "location_information", "contact_information", "game_title", "place_name", "invoice_information");

    @Override
    public Format format() {
        return Format.TELEGRAM;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        StreamedJson.walk(in, fileName, json -> read(json, fileName, sink));
    }

    private static void read(StreamedJson json, String fileName, ExportSink sink)
            throws IOException, InvalidInputException {
        json.next();
        json.expect(JsonToken.START_OBJECT, "a Telegram export");
        var topLevel = new ChatReader(json, sink, "the exported chat", fileName);
        boolean sawChatList = false;
        while (json.next() == JsonToken.FIELD_NAME) {
            String field = json.fieldName();
            json.next();
            if (field.equals("chats") || field.equals("left_chats")) {
                readChatList(json, field, sink, fileName);
                sawChatList = true;
            } else {
                topLevel.field(field);
            }
        }
        if (topLevel.sawMessages()) {
            topLevel.finish();
        } else if (!sawChatList) {
            throw json.error("not a Telegram Desktop export: it has neither \"chats\" nor \"messages\"");
        }
        if (json.next() != null) {
            throw json.error("more JSON after the end of the export");
        }
    }

    private static void readChatList(StreamedJson json, String field, ExportSink sink, String fileName)
            throws IOException, InvalidInputException {
        json.expect(JsonToken.START_OBJECT, "\"" + field + "\"");
        while (json.next() == JsonToken.FIELD_NAME) {
            String name = json.fieldName();
            json.next();
            if (!name.equals("list")) {
                json.skipValue();
                continue;
            }
            json.expect(JsonToken.START_ARRAY, "\"" + field + ".list\"");
            int index = 0;
            while (json.next() != JsonToken.END_ARRAY) {
                String what = "\"" + field + ".list[" + index++ + "]\"";
                json.expect(JsonToken.START_OBJECT, what);
                var chat = new ChatReader(json, sink, what, fileName + "#" + field + "/" + (index - 1));
                while (json.next() == JsonToken.FIELD_NAME) {
                    String chatField = json.fieldName();
                    json.next();
                    chat.field(chatField);
                }
                chat.finish();
            }
        }
    }

    /** One chat object's fields, in whatever order they come; messages are converted as they stream by. */
    private static final class ChatReader {
        private final StreamedJson json;
        private final ExportSink sink;
        private final String what;
        private final String idIfNoneGiven;
        private final List<ChatMessage> messages = new ArrayList<>();
        private String name;
        private String type;
        private String id;
        private boolean sawMessages;

        ChatReader(StreamedJson json, ExportSink sink, String what, String idIfNoneGiven) {
            this.json = json;
            this.sink = sink;
            this.what = what;
            this.idIfNoneGiven = idIfNoneGiven;
        }

        boolean sawMessages() {
            return sawMessages;
        }

        void field(String field) throws IOException, InvalidInputException {
            switch (field) {
                case "name" -> name = scalar(field);
                case "type" -> type = scalar(field);
                case "id" -> id = scalar(field);
                case "messages" -> readMessages();
                default -> json.skipValue();
            }
        }

        private String scalar(String field) throws IOException, InvalidInputException {
            JsonToken token = json.current();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (!token.isScalarValue()) {
                throw json.error("\"" + field + "\" of " + what + " must be a string or number, found "
                        + StreamedJson.describe(token));
            }
            return json.text();
        }

        private void readMessages() throws IOException, InvalidInputException {
            json.expect(JsonToken.START_ARRAY, "\"messages\" of " + what);
            sawMessages = true;
            while (json.next() != JsonToken.END_ARRAY) {
                JsonLocation at = json.here();
                json.expect(JsonToken.START_OBJECT, "each message of " + what);
                ChatMessage message = toMessage(json.tree(), at);
                if (message != null) {
                    messages.add(message);
                }
            }
        }

        private ChatMessage toMessage(JsonNode node, JsonLocation at) throws InvalidInputException {
            var fields = new MessageFields(json, node, at);
            if ("service".equals(fields.string("type"))) {
                sink.skipped("service");
                return null;
            }
            // a forward is someone else's words, whoever passed them on
            if (fields.present("forwarded_from")) {
                sink.skipped("forwarded");
                return null;
            }
            String text = fields.text("text");
            if (text == null) {
                text = fields.text("text_entities");
            }
            if (text == null || text.isBlank()) {
                sink.skipped(MEDIA_FIELDS.stream().anyMatch(fields::present) ? "media" : "empty");
                return null;
            }
            String from = fields.string("from");
            return new ChatMessage(from == null ? DELETED_ACCOUNT : from, fields.string("from_id"), fields.sentAt(),
                    text, fields.string("id"), fields.string("reply_to_message_id"), List.of());
        }

        void finish() {
            if ("saved_messages".equals(type)) {
                // notes to oneself answer no one: nothing here pairs into an example
                messages.forEach(m -> sink.skipped("saved_messages"));
                return;
            }
            if (messages.isEmpty()) {
                return;
            }
            messages.sort(Comparator.comparing(ChatMessage::sentAt, Comparator.nullsFirst(Comparator.naturalOrder())));
            sink.conversation(new Conversation("telegram:" + (id == null ? idIfNoneGiven : id), name, messages));
        }
    }

    /** Typed reads from one message tree; a wrong type names the field and the message's place. */
    private record MessageFields(StreamedJson json, JsonNode node, JsonLocation at) {
        boolean present(String field) {
            JsonNode value = node.get(field);
            return value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty());
        }

        String string(String field) throws InvalidInputException {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode()) {
                throw wrongType(field, "a string or number", value);
            }
            return value.asText();
        }

        /** {@code text} is a string, or an array of strings and {@code {type, text}} parts to join. */
        String text(String field) throws InvalidInputException {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isTextual()) {
                return value.textValue();
            }
            if (!value.isArray()) {
                throw wrongType(field, "a string or an array of text parts", value);
            }
            var out = new StringBuilder();
            for (JsonNode part : value) {
                if (part.isTextual()) {
                    out.append(part.textValue());
                } else if (part.isObject() && part.path("text").isTextual()) {
                    out.append(part.get("text").textValue());
                } else {
                    throw wrongType(field, "made of strings and {\"type\", \"text\"} objects", part);
                }
            }
            return out.toString();
        }

        Instant sentAt() throws InvalidInputException {
            JsonNode unix = node.get("date_unixtime");
            if (unix != null && !unix.isNull()) {
                if (unix.isIntegralNumber() && unix.canConvertToLong() && Math.abs(unix.longValue()) <= LAST_SECOND_OF_9999) {
                    return Instant.ofEpochSecond(unix.longValue());
                }
                if (unix.isTextual() && !unix.textValue().isEmpty() && unix.textValue().chars().allMatch(Character::isDigit)
                        && unix.textValue().length() <= 12) {
                    return Instant.ofEpochSecond(Long.parseLong(unix.textValue()));
                }
                throw wrongType("date_unixtime", "seconds since 1970 as a string", unix);
            }
            String date = string("date");
            if (date == null) {
                return null;
            }
            try {
                // older exports have only the local time, whose zone the file does not say
                return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw json.error(at, where() + "\"date\" must look like 2021-03-06T00:45:12, found \"" + date + "\"");
            }
        }

        private InvalidInputException wrongType(String field, String expected, JsonNode found) {
            return json.error(at, where() + "\"" + field + "\" must be " + expected + ", found "
                    + StreamedJson.describe(found));
        }

        private String where() {
            JsonNode id = node.get("id");
            return id != null && id.isValueNode() ? "message " + id.asText() + ": " : "message: ";
        }
    }
}
