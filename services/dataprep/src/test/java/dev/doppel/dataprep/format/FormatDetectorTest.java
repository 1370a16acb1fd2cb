package dev.doppel.dataprep.format;

import static dev.doppel.dataprep.format.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.InvalidInputException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FormatDetectorTest {
    private static Format detect(String fileName, String head) throws InvalidInputException {
        return FormatDetector.detect(fileName, utf8(head));
    }

    @ParameterizedTest
    @CsvSource({
            "openai-prompt-completion/pairs.jsonl, pairs.jsonl, OPENAI_PROMPT_COMPLETION",
            "openai-prompt-completion/pairs.jsonl, upload, OPENAI_PROMPT_COMPLETION",
            "openai-chat/chat.jsonl, chat.jsonl, OPENAI_CHAT",
            "openai-chat/chat.jsonl, chat.txt, OPENAI_CHAT",
            "csv/pairs.csv, pairs.csv, CSV",
            "tsv/pairs.tsv, pairs.TSV, TSV",
            "text/corpus.txt, corpus.txt, TEXT",
            "text/corpus.txt, corpus, TEXT",
    })
    void detectsTheFixtures(String fixture, String fileName, Format expected) throws Exception {
        assertEquals(expected, FormatDetector.detect(fileName, Fixtures.bytes(fixture)));
    }

    @Test
    void whatsAppAndroidIosAnd12HourHeads() throws Exception {
        assertEquals(Format.WHATSAPP, detect("WhatsApp Chat with Ana.txt",
                "06/03/2017, 00:45 - Messages and calls are end-to-end encrypted.\n06/03/2017, 00:46 - Ana: hi\n"));
        assertEquals(Format.WHATSAPP, detect("_chat.txt",
                "\u200E[06.03.17, 00:45:12] Ana Souza: \u200EMessages and calls are end-to-end encrypted.\n"));
        assertEquals(Format.WHATSAPP, detect("_chat.txt", "\uFEFF\n1/2/21, 9:05\u202FPM - Ben: on my way 🚗\n"));
        assertEquals(Format.WHATSAPP, detect("chat", "[2-1-2021 21.05.33] Ben: ok\n"));
    }

    @Test
    void telegramFullAndSingleChatExports() throws Exception {
        assertEquals(Format.TELEGRAM, detect("result.json", """
                {
                 "about": "Here is the data you requested.",
                 "personal_information": {"user_id": 1234567, "first_name": "Mira"},
                 "chats": {"about": "...", "list": [
                """));
        assertEquals(Format.TELEGRAM, detect("result.json", """
                {
                 "name": "Jonas",
                 "type": "personal_chat",
                 "id": 4242,
                 "messages": [
                  {
                   "id": 1,
                   "type": "message",
                   "date": "2023-05-01T10:00:00",
                   "date_unixtime": "1682935200",
                   "from": "Jonas",
                   "from_id": "user4242",
                   "text": "привет 👋"
                  },
                  {
                   "id": 2,
                   "type": "mess""")); // a head cut mid-message
        assertEquals(Format.TELEGRAM, detect("result.json", """
                {
                 "about": "Here is the data you requested.",
                 "profile_pictures": [{"date": "2021-01-01T10:00:00", "photo": "profile_pictures/photo_1.jpg"}],
                 "contacts": {"about": "...", "list": [{"first_name": "Ana", "phone_number": "+351 9""")); // no chats yet
    }

    @Test
    void messengerExport() throws Exception {
        assertEquals(Format.MESSENGER, detect("message_1.json", """
                {
                  "participants": [{"name": "Mira K\\u00c3\\u00b6nig"}, {"name": "Jonas"}],
                  "messages": [
                    {"sender_name": "Jonas", "timestamp_ms": 1682935200000, "content": "hey", "is_geoblocked_for_viewer": false},
                    {"sender_name": "Mira K\\u00c3\\u00b6nig", "timestamp_ms": 16829"""));
    }

    @Test
    void mboxAndEml() throws Exception {
        assertEquals(Format.MBOX, detect("Takeout.mbox", "whatever\n"));
        assertEquals(Format.MBOX, detect("00001.7c53336b37003a9286aba55d2945844c",
                "From ilug-admin@linux.ie  Tue Aug  6 11:51:02 2002\nReturn-Path: <ilug-admin@linux.ie>\n"));
        assertEquals(Format.MBOX, detect("All mail Including Spam and Trash",
                "From 1781395384628342811@xxx Wed Sep 02 10:05:00 +0000 2020\nX-GM-THRID: 1781395384628342811\n"));
        assertEquals(Format.EML, detect("hello.eml", "anything"));
        assertEquals(Format.EML, detect("message", """
                Return-Path: <ana@example.org>
                Received: from mail.example.org (mail.example.org [192.0.2.1])
                \tby mx.example.com with ESMTP id 12345
                Message-ID: <123@example.org>
                Subject: =?UTF-8?Q?caf=C3=A9?=

                Body text
                """));
    }

    @Test
    void mailMayBeLatin1ButOtherTextMayNot() throws Exception {
        byte[] latin1Mail = {'F', 'r', 'o', 'm', ':', ' ', 'a', '@', 'b', '\n', 'S', 'u', 'b', 'j', 'e', 'c', 't', ':',
                ' ', 'c', 'a', 'f', (byte) 0xE9, '\n', '\n', 'h', 'i', '\n'};
        assertEquals(Format.EML, FormatDetector.detect("mail", latin1Mail));
        byte[] latin1Text = {'c', 'a', 'f', (byte) 0xE9, '\n'};
        var error = assertThrows(InvalidInputException.class, () -> FormatDetector.detect("menu.txt", latin1Text));
        assertEquals("cannot tell the format of menu.txt: it is not UTF-8 text (byte 0xE9 at offset 3); "
                + "save it as UTF-8; declare it", error.getMessage());
        assertEquals("menu.txt@3", error.location());
    }

    @Test
    void textThatOnlyResemblesOtherFormatsIsText() throws Exception {
        assertEquals(Format.TEXT, detect("notes.txt", "From my perspective, the meeting went well.\n\nNext steps.\n"));
        assertEquals(Format.TEXT, detect("notes.txt", "Note: buy milk\nTodo: call Ana\n\nlater\n"));
        assertEquals(Format.TEXT, detect("notes.txt", "{ this is not json }\n"));
        assertEquals(Format.TEXT, detect("notes.txt", "2023 was a good year.\n"));
        assertEquals(Format.TEXT, detect("empty.jsonl", ""));
        assertEquals(Format.CSV, detect("log.csv", "06/03/2017, 00:45,hi,hello\n"));
    }

    @Test
    void zipByMagicWhateverTheName() throws Exception {
        assertEquals(Format.ZIP, FormatDetector.detect("export", new byte[] {'P', 'K', 3, 4, 20, 0}));
        assertEquals(Format.ZIP, FormatDetector.detect("empty.zip", new byte[] {'P', 'K', 5, 6}));
    }

    @Test
    void binaryAndUnknownJsonAreRefusedNamingTheFile() {
        var binary = assertThrows(InvalidInputException.class,
                () -> FormatDetector.detect("IMG_0001.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 16}));
        assertEquals("cannot tell the format of IMG_0001.jpg: it holds binary data (a NUL byte at offset 3); declare it",
                binary.getMessage());
        var json = assertThrows(InvalidInputException.class, () -> detect("data.json", "{\"rows\": [1, 2]}"));
        assertTrue(json.getMessage().startsWith("cannot tell the format of data.json: it is JSON of no shape"),
                json.getMessage());
        assertEquals("data.json", json.location());
    }

    @Test
    void aCharacterCutByTheHeadIsNotAnError() throws Exception {
        byte[] head = new byte[FormatDetector.HEAD_BYTES];
        Arrays.fill(head, (byte) 'a');
        head[head.length - 2] = (byte) 0xF0; // the first two bytes of 😊
        head[head.length - 1] = (byte) 0x9F;
        assertEquals(Format.TEXT, FormatDetector.detect("big.txt", head));
    }

    @Test
    void aDeclaredFormatWinsAndAnUnknownOneListsTheValidIds() throws Exception {
        assertEquals(Format.CSV, FormatDetector.detect("csv", "notes.txt", utf8("hello")));
        assertEquals(Format.TEXT, FormatDetector.detect(" AUTO ", "notes.txt", utf8("hello")));
        assertEquals(Format.TEXT, FormatDetector.detect(null, "notes.txt", utf8("hello")));
        var error = assertThrows(InvalidInputException.class,
                () -> FormatDetector.detect("xlsx", "pairs.xlsx", utf8("hello")));
        assertEquals("unknown format \"xlsx\"; use one of: auto, openai-prompt-completion, openai-chat, csv, tsv, "
                + "whatsapp, telegram, messenger, mbox, eml, text, zip", error.getMessage());
        assertEquals("format", error.location());
    }
}
