package dev.doppel.dataprep.format;

import static dev.doppel.dataprep.format.ChatFixtures.parse;
import static dev.doppel.dataprep.format.ChatFixtures.parseFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MessengerParserTest {
    private static final String THREAD = "messenger/messages/inbox/zoebrightwell_k3j2h1g0f9/";
    private final MessengerParser parser = new MessengerParser();

    @Test
    void newestFirstFileComesOutOldestFirstWithMojibakeRepaired() throws Exception {
        ParsedExport export = parseFixture(parser, THREAD + "message_1.json");

        Conversation chat = ChatFixtures.single(export);
        assertEquals("inbox/zoebrightwell_k3j2h1g0f9", chat.id());
        assertEquals("Zoë Brightwell", chat.title());
        assertEquals(List.of(
                "Zoë Brightwell|2020-03-01T00:08:00Z|Señor, ¿qué tal? 東京 was amazing",
                "Rafael Núñez|2020-03-01T00:14:00Z|Look at this place https://example.com/menu",
                "Zoë Brightwell|2020-03-01T00:15:00Z|Haha 😂😂\nok see you there"),
                chat.messages().stream().map(m -> m.sender() + "|" + m.sentAt() + "|" + m.text()).toList());
        // a bare share, a photo and a sticker; the unsent one; the call
        assertEquals(Map.of("media", 3, "deleted", 1, "system", 1), export.skipped());
    }

    @Test
    void bothFilesOfOneThreadShareItsId() throws Exception {
        Conversation newer = parseFixture(parser, THREAD + "message_1.json").conversations().get(0);
        Conversation older = parseFixture(parser, THREAD + "message_2.json").conversations().get(0);

        assertEquals(newer.id(), older.id());
        assertEquals(List.of("Hey! Long time 👋", "Café at 10? ☕"),
                older.messages().stream().map(m -> m.text()).toList());
        assertTrue(older.messages().getLast().sentAt().isBefore(newer.messages().getFirst().sentAt()));
    }

    @Test
    void mojibakeRepair() {
        assertEquals("é", MessengerParser.repairMojibake("Ã©"));
        assertEquals("😂", MessengerParser.repairMojibake("ð\u009f\u0098\u0082"));
        assertEquals("Привет", MessengerParser.repairMojibake(
                new String("Привет".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        // already proper text, or latin-1 bytes that are no UTF-8, stay as they are
        assertEquals("café", MessengerParser.repairMojibake("café"));
        assertEquals("Ã© and 😂", MessengerParser.repairMojibake("Ã© and 😂"));
        String ascii = "plain";
        assertSame(ascii, MessengerParser.repairMojibake(ascii));
    }

    @Property(tries = 300)
    void mojibakeOfAnyTextRepairsToTheText(@ForAll String text) {
        String wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        String mojibake = new String(wellFormed.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        assertEquals(wellFormed, MessengerParser.repairMojibake(mojibake));
    }

    @Test
    void aThreadWithoutTitleOrPathFallsBackToParticipantsAndFileName() throws Exception {
        String json = """
                {"participants": [{"name": "Ann"}, {"name": "Bo"}],
                 "messages": [{"sender_name": "Bo", "timestamp_ms": 1583020800000, "content": "yo"}]}""";

        Conversation chat = ChatFixtures.single(parse(parser, "inbox/x/message_1.json", json));
        assertEquals("inbox/x/message_1.json", chat.id());
        assertEquals("Ann, Bo", chat.title());
    }

    @Test
    void aTruncatedFileIsAnError() throws Exception {
        byte[] whole;
        try (InputStream in = ChatFixtures.open(THREAD + "message_1.json")) {
            whole = in.readAllBytes();
        }

        var e = assertThrows(InvalidInputException.class,
                () -> parse(parser, "message_1.json", Arrays.copyOf(whole, whole.length - 40)));
        assertTrue(e.location().startsWith("message_1.json:"), e.location());
    }

    @Test
    void wrongTypesNameTheFieldAndLine() {
        String badTimestamp = "{\"messages\": [\n{\"sender_name\": \"A\", \"timestamp_ms\": \"noon\", \"content\": \"x\"}]}";
        String badContent = "{\"messages\": [\n\n{\"sender_name\": \"A\", \"timestamp_ms\": 1, \"content\": [\"x\"]}]}";
        String badMessages = "{\"participants\": [],\n \"messages\": \"none\"}";

        var timestamp = assertThrows(InvalidInputException.class, () -> parse(parser, "m.json", badTimestamp));
        assertEquals("m.json:2", timestamp.location());
        assertTrue(timestamp.getMessage().contains("\"timestamp_ms\" must be milliseconds since 1970, found a string"),
                timestamp.getMessage());
        var content = assertThrows(InvalidInputException.class, () -> parse(parser, "m.json", badContent));
        assertEquals("m.json:3", content.location());
        assertTrue(content.getMessage().contains("\"content\" must be a string, found an array"), content.getMessage());
        var messages = assertThrows(InvalidInputException.class, () -> parse(parser, "m.json", badMessages));
        assertEquals("m.json:2", messages.location());
        assertTrue(messages.getMessage().contains("\"messages\" must be an array, found a string"), messages.getMessage());
    }

    @Test
    void garbageIsRefused() {
        assertThrows(InvalidInputException.class, () -> parse(parser, "m.json", "not json at all"));
        assertThrows(InvalidInputException.class, () -> parse(parser, "m.json", "{\"participants\": []}"));
        assertThrows(InvalidInputException.class, () -> parse(parser, "m.json", new byte[] {'{', (byte) 0xC3, '}'}));
    }
}
