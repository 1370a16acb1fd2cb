package dev.doppel.dataprep.format;

import static dev.doppel.dataprep.format.ChatFixtures.parse;
import static dev.doppel.dataprep.format.ChatFixtures.parseFixture;
import static dev.doppel.dataprep.format.ChatFixtures.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhatsAppParserTest {
    private final WhatsAppParser parser = new WhatsAppParser();

    @Test
    void androidDayFirstExportKeepsWordsInOrderAndCountsTheRest() throws Exception {
        ParsedExport export = parseFixture(parser, "whatsapp/WhatsApp Chat with Anna Müller.txt");

        Conversation chat = single(export);
        assertEquals("whatsapp/WhatsApp Chat with Anna Müller.txt", chat.id());
        assertEquals("Anna Müller", chat.title());
        assertEquals(List.of(
                "Anna Müller|2017-03-06T00:45:00Z|Bist du noch wach? 🌙",
                "Tom Becker|2017-03-06T00:47:00Z|Ja, kann nicht schlafen.\nMorgen ist die Prüfung und ich habe\n"
                        + "noch nicht alles gelesen 😅",
                "Anna Müller|2017-03-06T00:49:00Z|Das ist meine Zusammenfassung, Kapitel 1–4",
                "Tom Becker|2017-03-06T00:51:00Z|Danke!! Du rettest mich",
                "Anna Müller|2017-03-13T18:05:00Z|東京の写真見た？\n\nUnglaublich schön.",
                "+49 170 1234567|2017-03-13T18:06:00Z|Hallo, hier ist Jonas",
                "Tom Becker|2017-03-14T09:15:00Z|Schau mal, der Hörsaal ist leer"), lines(chat));
        assertEquals(Map.of("system", 2, "media", 1, "deleted", 1), export.skipped());
    }

    @Test
    void aPhoneNumberAuthorIsAlsoTheSendersAddress() throws Exception {
        Conversation chat = single(parseFixture(parser, "whatsapp/WhatsApp Chat with Anna Müller.txt"));

        assertEquals("+49 170 1234567", chat.messages().get(5).senderAddress());
        assertNull(chat.messages().get(0).senderAddress());
    }

    @Test
    void iosMonthFirstTwelveHourExportWithDirectionMarksAndNarrowSpaces() throws Exception {
        ParsedExport export = parseFixture(parser, "whatsapp/WhatsApp Chat - Weekend Crew/_chat.txt");

        Conversation chat = single(export);
        assertEquals("Weekend Crew", chat.title());
        assertEquals(List.of(
                "Ben Carter|2019-12-21T10:16:01Z|Who's in for hiking on Saturday? 🥾",
                "Chloé Dubois|2019-12-21T10:17:45Z|Me! But not before 9 please",
                "Ben Carter|2019-12-21T12:03:10Z|Deal. I'll bring:\n- sandwiches\n- the big thermos\n\n- maps",
                "Chloé Dubois|2019-12-22T00:30:00Z|Can't sleep, too excited 😂",
                "Ben Carter|2020-01-02T21:05:17Z|Happy new year everyone!"), lines(chat));
        // the group's encryption notice, "created group" and "Missed voice call" are WhatsApp's own lines
        assertEquals(Map.of("system", 3, "media", 3, "deleted", 1), export.skipped());
    }

    @Test
    void germanDottedDatesWithNothingAbove12AreReadDayFirst() throws Exception {
        ParsedExport export = parseFixture(parser, "whatsapp/WhatsApp Chat mit Lena.txt");

        Conversation chat = single(export);
        assertEquals("Lena", chat.title());
        assertEquals(List.of(
                "Lena|2017-03-06T00:45:00Z|Guten Morgen ☀️",
                "Jörg|2017-03-06T07:12:00Z|Morgen! Kaffee um 8?",
                "Lena|2017-03-07T19:32:00Z|Klar, bis gleich"), lines(chat));
        assertEquals(Map.of("system", 1, "media", 1, "deleted", 1), export.skipped());
    }

    @Test
    void aDayAbove12LaterInTheFileSettlesTheOrderOfEarlierLines() throws Exception {
        String dayFirst = "01/02/2020, 10:00 - A: first\n02/02/2020, 10:00 - B: second\n13/02/2020, 10:00 - A: third\n";
        String monthFirst = "01/02/2020, 10:00 - A: first\n02/01/2020, 10:00 - B: second\n02/13/2020, 10:00 - A: third\n";

        assertEquals(Instant.parse("2020-02-01T10:00:00Z"), single(parse(parser, "a.txt", dayFirst)).messages().get(0).sentAt());
        List<ChatMessage> monthFirstMessages = single(parse(parser, "b.txt", monthFirst)).messages();
        assertEquals(Instant.parse("2020-01-02T10:00:00Z"), monthFirstMessages.get(0).sentAt());
        assertEquals(Instant.parse("2020-02-01T10:00:00Z"), monthFirstMessages.get(1).sentAt());
    }

    @Test
    void twelveHourClockSpellings() throws Exception {
        String chat = """
                1/2/21, 12:05 AM - A: midnight
                1/2/21, 9:05\u00A0p.m. - A: dotted
                1/2/21, 9:06 pm - A: lower case
                1/2/21, 12:30\u202FPM - A: noon
                1/2/21, 9:07 a. m. - A: spanish
                """;

        List<String> times = single(parse(parser, "c.txt", chat)).messages().stream()
                .map(m -> m.sentAt() + " " + m.text()).toList();
        assertEquals(List.of("2021-02-01T00:05:00Z midnight", "2021-02-01T09:07:00Z spanish",
                "2021-02-01T12:30:00Z noon", "2021-02-01T21:05:00Z dotted", "2021-02-01T21:06:00Z lower case"), times);
    }

    @Test
    void wordsThatBeginOnTheLineAfterTheAuthor() throws Exception {
        String chat = "06/03/2017, 00:45 - Anna:\nfirst line\nsecond line\n\n";

        assertEquals("first line\nsecond line", single(parse(parser, "f.txt", chat)).messages().get(0).text());
    }

    @Test
    void dashedDatesAndIsoDates() throws Exception {
        String chat = "2020-12-24 18:00 - Oma: Frohe Weihnachten\n24-12-2020 18:01 - Opa: 🎄\n";

        List<Instant> times = single(parse(parser, "d.txt", chat)).messages().stream().map(ChatMessage::sentAt).toList();
        assertEquals(List.of(Instant.parse("2020-12-24T18:00:00Z"), Instant.parse("2020-12-24T18:01:00Z")), times);
    }

    @Test
    void aFileThatIsNotAWhatsAppExportIsRefusedAtItsFirstLine() {
        var e = assertThrows(InvalidInputException.class,
                () -> parse(parser, "notes.txt", "\n\nDear diary,\n06/03/2017, 00:45 - A: hi\n"));

        assertEquals("notes.txt:3", e.location());
        assertTrue(e.getMessage().startsWith("notes.txt:3 "), e.getMessage());
    }

    @Test
    void contradictoryDatesNameTheImpossibleLine() {
        String chat = "13/01/2020, 10:00 - A: day first\n01/13/2020, 10:00 - B: month first\n";

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "mixed.txt", chat));
        assertEquals("mixed.txt:2", e.location());
    }

    @Test
    void invalidUtf8NamesTheByteOffset() {
        byte[] bytes = "06/03/2017, 00:45 - A: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        var e = assertThrows(InvalidInputException.class, () -> parse(parser, "latin1.txt", bytes));
        assertEquals("latin1.txt@26", e.location());
    }

    @Test
    void anExportOfOnlySystemLinesGivesNoConversation() throws Exception {
        ParsedExport export = parse(parser, "e.txt", "06/03/2017, 00:45 - Messages and calls are end-to-end encrypted.\n");

        assertTrue(export.conversations().isEmpty());
        assertEquals(Map.of("system", 1), export.skipped());
    }

    @Test
    void titlesFromFileNames() {
        assertEquals("Anna", WhatsAppParser.title("WhatsApp Chat with Anna.txt"));
        assertEquals("Crew", WhatsAppParser.title("uploads/WhatsApp Chat - Crew/_chat.txt"));
        assertEquals("", WhatsAppParser.title("_chat.txt"));
    }

    private static List<String> lines(Conversation chat) {
        return chat.messages().stream().map(m -> m.sender() + "|" + m.sentAt() + "|" + m.text()).toList();
    }
}
