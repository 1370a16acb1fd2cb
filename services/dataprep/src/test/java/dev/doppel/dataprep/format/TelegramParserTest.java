package dev.doppel.dataprep.format;

import static dev.doppel.dataprep.format.ChatFixtures.parse;
import static dev.doppel.dataprep.format.ChatFixtures.parseFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelegramParserTest {
    private final TelegramParser parser = new TelegramParser();

    @Test
    void fullExportGivesEveryChatWithCounterpartsAndCountsTheRest() throws Exception {
        ParsedExport export = parseFixture(parser, "telegram/full/result.json");

        assertEquals(List.of("telegram:4211000001 Мария Иванова", "telegram:1555000222 Climbing Friday",
                "telegram:321 Old Flatmates"), export.conversations().stream().map(c -> c.id() + " " + c.title()).toList());
        assertEquals(Map.of("service", 3, "media", 3, "forwarded", 1, "saved_messages", 1), export.skipped());
    }

    @Test
    void personalChatMessagesCarryIdsRepliesAndJoinedTextParts() throws Exception {
        Conversation chat = parseFixture(parser, "telegram/full/result.json").conversations().get(0);

        assertEquals(List.of(
                "101 user4211000001 Мария Иванова 2021-03-06T03:06:40Z reply:null |Привет! Ты уже посмотрел билеты? ✈️",
                "102 user99887766 Daniel Weiss 2021-03-06T03:07:40Z reply:101 |Yes — look:\n"
                        + "https://example.com/flights\nthe 7:40 one is cheapest",
                "103 user4211000001 Мария Иванова 2021-03-06T03:08:40Z reply:null |"
                        + "Take that one, and check https://example.com/seats 😊",
                "107 user99887766 Daniel Weiss 2021-03-06T03:12:40Z reply:null |Booked. 東京 here we come",
                "109 user4211000001 Мария Иванова 2021-03-06T03:14:40Z reply:null |Our seats 🙌"),
                chat.messages().stream().map(TelegramParserTest::describe).toList());
    }

    @Test
    void aDeletedAccountKeepsItsIdAndOldExportsFallBackToTheLocalDate() throws Exception {
        List<Conversation> chats = parseFixture(parser, "telegram/full/result.json").conversations();

        ChatMessage fromDeleted = chats.get(1).messages().get(1);
        assertEquals("Deleted Account", fromDeleted.sender());
        assertEquals("user5550001", fromDeleted.senderAddress());
        assertEquals(Instant.parse("2016-05-01T20:15:00Z"), chats.get(2).messages().get(0).sentAt());
    }

    @Test
    void singleChatExportIsTheChatObjectItself() throws Exception {
        ParsedExport export = parseFixture(parser, "telegram/single/result.json");

        Conversation chat = ChatFixtures.single(export);
        assertEquals("telegram:4211000001", chat.id());
        assertEquals("Мария Иванова", chat.title());
        assertEquals(5, chat.messages().size());
        assertEquals(Map.of("service", 1, "media", 2, "forwarded", 1), export.skipped());
    }

    @Test
    void messagesComeOutInTimeOrderWhateverTheFileOrder() throws Exception {
        String json = """
                {"name": "A", "type": "personal_chat", "id": 7, "messages": [
                  {"id": 2, "type": "message", "date_unixtime": "1600000100", "from": "A", "from_id": "user1", "text": "second"},
                  {"id": 1, "type": "message", "date_unixtime": "1600000000", "from": "B", "from_id": "user2", "text": "first"}
                ]}""";

        List<String> texts = ChatFixtures.single(parse(parser, "result.json", json)).messages().stream()
                .map(ChatMessage::text).toList();
        assertEquals(List.of("first", "second"), texts);
    }

    @Test
    void chatFieldsMayComeAfterTheMessages() throws Exception {
        String json = """
                {"messages": [{"id": 1, "type": "message", "date_unixtime": "1600000000", "from": "B", "text": "hi"}],
                 "name": "Late Name", "type": "personal_chat", "id": 8}""";

        Conversation chat = ChatFixtures.single(parse(parser, "result.json", json));
        assertEquals("telegram:8", chat.id());
        assertEquals("Late Name", chat.title());
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        String json = "{\"name\": \"A\",\n \"messages\": [\n  {\"id\": 1, \"text\": \"hi\" \"from\": \"A\"}\n]}";

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", json));
        assertEquals("result.json:3", e.location());
        assertTrue(e.getMessage().startsWith("result.json:3:"), e.getMessage());
    }

    @Test
    void aTruncatedExportIsAnErrorNotAShortChat() throws Exception {
        byte[] whole;
        try (InputStream in = ChatFixtures.open("telegram/full/result.json")) {
            whole = in.readAllBytes();
        }
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", truncated));
        assertTrue(e.location().startsWith("result.json:"), e.location());
        assertTrue(e.getMessage().contains("end"), e.getMessage());
    }

    @Test
    void messagesThatAreNotAnArrayNameTheField() {
        String json = "{\"name\": \"A\", \"id\": 1,\n \"messages\": {\"id\": 1}}";

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", json));
        assertEquals("result.json:2", e.location());
        assertTrue(e.getMessage().contains("\"messages\" of the exported chat must be an array, found an object"),
                e.getMessage());
    }

    @Test
    void aChatListThatIsNotAnArrayNamesIt() {
        String json = "{\"chats\": {\"about\": \"\", \"list\": \"none\"}}";

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", json));
        assertTrue(e.getMessage().contains("\"chats.list\" must be an array, found a string"), e.getMessage());
    }

    @Test
    void aTextOfTheWrongTypeNamesTheMessageAndField() {
        String json = """
                {"name": "A", "id": 1, "messages": [
                  {"id": 1, "type": "message", "date_unixtime": "1600000000", "from": "A", "text": "ok"},
                  {"id": 2, "type": "message", "date_unixtime": "1600000001", "from": "A", "text": 42}
                ]}""";

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", json));
        assertEquals("result.json:3", e.location());
        assertTrue(e.getMessage().contains("message 2: \"text\" must be a string or an array of text parts, found a number"),
                e.getMessage());
    }

    @Test
    void aBadTimestampNamesTheField() {
        String json = "{\"name\": \"A\", \"id\": 1, \"messages\": [\n"
                + "{\"id\": 5, \"type\": \"message\", \"date_unixtime\": \"yesterday\", \"from\": \"A\", \"text\": \"x\"}]}";

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", json));
        assertEquals("result.json:2", e.location());
        assertTrue(e.getMessage().contains("message 5: \"date_unixtime\""), e.getMessage());
    }

    @Test
    void jsonThatIsNoTelegramExportIsRefused() {
        assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", "{\"hello\": 1}"));
        assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", "[1, 2]"));
        assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", ""));
        assertThrows(InvalidInputException.class, () -> parse(parser, "result.json", "{\"messages\": []} {}"));
        assertThrows(InvalidInputException.class,
                () -> parse(parser, "result.json", "{\"messages\": [\"x\"]}".getBytes(StandardCharsets.UTF_8)));
    }

    private static String describe(ChatMessage m) {
        return m.messageId() + " " + m.senderAddress() + " " + m.sender() + " " + m.sentAt() + " reply:" + m.inReplyTo()
                + " |" + m.text();
    }
}
