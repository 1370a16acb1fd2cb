package dev.doppel.dataprep.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.Turn;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's chat fine-tuning format: UTF-8 JSONL, one {@code {"messages": [{"role", "content",
 * "weight"?, "name"?}, …]}} per line. Every assistant message of weight 1 that follows a user message
 * becomes an {@link Example}: the nearest user message before it is the prompt, everything before
 * that prompt the context, and the first user message of the line the split group (so one
 * conversation never lands in two splits).
 *
 * <p>Function calling: an assistant message with {@code tool_calls} (or {@code function_call}) may
 * have null content, and {@code tool}/{@code function} messages may answer it. Neither is the owner's
 * prose, so both are skipped as {@code tool_call} and left out of the context.
 */
public final class ChatJsonlParser implements ExportParser {
    private static final String ROLES = "\"system\", \"user\" or \"assistant\"";

    private enum Role { SYSTEM, USER, ASSISTANT, TOOL }

    /** A message that counts: its role, how context names it, its text and whether to train on it. */
    private record Message(Role role, String speaker, String content, boolean trained) {
    }

    @Override
    public Format format() {
        return Format.OPENAI_CHAT;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        var lines = new Utf8Lines(in, fileName);
        String text;
        while ((text = lines.next()) != null) {
            if (!text.isBlank()) {
                parseLine(text, fileName, lines.lineNumber(), sink);
            }
        }
    }

    private static void parseLine(String text, String fileName, int line, ExportSink sink)
            throws InvalidInputException {
        JsonNode node = JsonLine.read(text, fileName, line);
        if (!node.isObject()) {
            throw LineErrors.at(fileName, line,
                    "expected a JSON object with \"messages\", found " + JsonLine.describe(node));
        }
        JsonNode array = node.get("messages");
        if (array == null) {
            throw LineErrors.at(fileName, line, "\"messages\" is missing");
        }
        if (!array.isArray()) {
            throw LineErrors.at(fileName, line, "\"messages\" must be an array, found " + JsonLine.describe(array));
        }
        if (array.isEmpty()) {
            throw LineErrors.at(fileName, line, "\"messages\" is empty");
        }
        var messages = new ArrayList<Message>(array.size());
        boolean anyAssistant = false;
        for (int i = 0; i < array.size(); i++) {
            Message message = message(array.get(i), "messages[" + i + "]", fileName, line);
            anyAssistant |= message.role == Role.ASSISTANT;
            if (message.content == null) {
                sink.skipped("tool_call");
            } else {
                messages.add(message);
            }
        }
        if (!anyAssistant) {
            throw LineErrors.at(fileName, line, "no assistant message: nothing to learn from this line");
        }
        emitExamples(messages, fileName + ":" + line, sink);
    }

    private static void emitExamples(List<Message> messages, String location, ExportSink sink) {
        String group = null;
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message.role == Role.USER) {
                lastUser = i;
                if (group == null) {
                    group = PromptGroups.normalize(message.content);
                }
            } else if (message.role == Role.ASSISTANT) {
                if (!message.trained) {
                    sink.skipped("weight-0");
                } else if (lastUser < 0) {
                    sink.skipped("assistant-without-prompt");
                } else {
                    var context = messages.subList(0, lastUser).stream().map(ChatJsonlParser::turn).toList();
                    sink.example(new Example(context, messages.get(lastUser).content, message.content, group, location));
                }
            }
        }
    }

    private static Turn turn(Message message) {
        return new Turn(message.speaker, message.role == Role.ASSISTANT, message.content);
    }

    /** The message at {@code path}; null content means a tool call, to be skipped. */
    private static Message message(JsonNode node, String path, String fileName, int line) throws InvalidInputException {
        if (!node.isObject()) {
            throw LineErrors.at(fileName, line, path + " must be an object, found " + JsonLine.describe(node));
        }
        JsonNode roleNode = node.get("role");
        Role role = role(roleNode);
        if (role == null) {
            throw LineErrors.at(fileName, line, path + ".role must be " + ROLES + ", found "
                    + (roleNode == null ? "nothing" : roleNode.isTextual() ? "\"" + roleNode.textValue() + "\""
                    : JsonLine.describe(roleNode)));
        }
        boolean trained = weight(node.get("weight"), path, fileName, line);
        String speaker = role.name().toLowerCase(java.util.Locale.ROOT);
        JsonNode name = node.get("name");
        if (name != null && !name.isNull()) {
            if (!name.isTextual()) {
                throw LineErrors.at(fileName, line, path + ".name must be a string, found " + JsonLine.describe(name));
            }
            if (role != Role.SYSTEM && !name.textValue().isBlank()) {
                speaker = name.textValue();
            }
        }
        JsonNode content = node.get("content");
        boolean toolCall = role == Role.TOOL
                || role == Role.ASSISTANT && (node.hasNonNull("tool_calls") || node.hasNonNull("function_call"));
        if (toolCall && (content == null || content.isNull() || role == Role.TOOL)) {
            return new Message(role, speaker, null, false);
        }
        if (content == null) {
            throw LineErrors.at(fileName, line, path + ".content is missing");
        }
        if (!content.isTextual()) {
            throw LineErrors.at(fileName, line, path + ".content must be a string, found " + JsonLine.describe(content));
        }
        return new Message(role, speaker, content.textValue(), trained);
    }

    private static Role role(JsonNode role) {
        if (role == null || !role.isTextual()) {
            return null;
        }
        return switch (role.textValue()) {
            case "system" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool", "function" -> Role.TOOL;
            default -> null;
        };
    }

    /** Weight 1 (the default) trains on the message, 0 keeps it as context only; OpenAI knows no other. */
    private static boolean weight(JsonNode weight, String path, String fileName, int line) throws InvalidInputException {
        if (weight == null) {
            return true;
        }
        if (weight.isIntegralNumber() && weight.canConvertToInt() && (weight.intValue() == 0 || weight.intValue() == 1)) {
            return weight.intValue() == 1;
        }
        throw LineErrors.at(fileName, line, path + ".weight must be 0 or 1, found " + JsonLine.describe(weight));
    }
}
