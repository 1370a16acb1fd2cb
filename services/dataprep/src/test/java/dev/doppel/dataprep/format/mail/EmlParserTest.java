package dev.doppel.dataprep.format.mail;

import static dev.doppel.dataprep.format.mail.MailFixtures.parse;
import static dev.doppel.dataprep.format.mail.MailFixtures.parseFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.format.Format;
import dev.doppel.dataprep.format.ParsedExport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmlParserTest {
    private final EmlParser parser = new EmlParser();

    private static ChatMessage only(ParsedExport parsed) {
        assertEquals(1, parsed.mails().size(), "mails; skipped " + parsed.skipped());
        return parsed.mails().getFirst().mail();
    }

    @Test
    void nestedMultipartPrefersThePlainTextAndDecodesQuotedPrintableLatin1() throws Exception {
        ParsedExport parsed = parseFixture(parser, "alternative-qp-latin1.eml");
        ChatMessage mail = only(parsed);
        assertEquals("alternative-qp-latin1.eml", parsed.mails().getFirst().source());
        assertEquals("Jürgen Müller", mail.sender());
        assertEquals("juergen.mueller@example.de", mail.senderAddress());
        assertEquals("2002-09-03T12:01:57Z", mail.sentAt().toString());
        assertEquals("20020903120157.GA4711@mail.example.de", mail.messageId());
        assertNull(mail.inReplyTo());
        assertEquals(List.of(), mail.references());
        assertEquals("""
                Hallo Anna,

                anbei die Unterlagen für das Treffen am Donnerstag. Der Café an der Ecke hat ab 9 Uhr geöffnet, \
                wir können uns dort treffen, wenn dir das passt =) Ich bringe die ausgedruckte Agenda und den \
                Projektplan mit.

                Viele Grüße
                Jürgen""", mail.text());
        // the logo of the HTML alternative is not read; the PDF is an attachment
        assertEquals(Map.of("attachment", 1), parsed.skipped());
    }

    @Test
    void base64Utf8BodyAndEncodedWordsKeepCjkAndEmoji() throws Exception {
        ChatMessage mail = only(parseFixture(parser, "base64-utf8-cjk-emoji.eml"));
        assertEquals("王小明", mail.sender());
        assertEquals("xiaoming.wang@example.cn", mail.senderAddress());
        assertEquals("2002-09-14T01:30:00Z", mail.sentAt().toString());
        assertEquals("""
                美咲さん、

                昨日はありがとう！写真を送ります 📷🌸
                来週の金曜日、また会えますか？

                王小明 (Xiaoming)""", mail.text());
    }

    @Test
    void htmlOnlyMailBecomesTextWithoutMarkupScriptsOrTheQuotedMessage() throws Exception {
        ChatMessage mail = only(parseFixture(parser, "html-only.eml"));
        assertEquals("O'Brien, Siobhán", mail.sender()); // raw UTF-8 in the header, quoted comma
        assertEquals("3D864E21.9000302@example.ie", mail.inReplyTo());
        assertEquals(List.of("3D864E21.9000302@example.ie"), mail.references());
        assertEquals("""
                Liam,
                count me in for Saturday – I'll bring the flask & the sandwiches.

                Kick-off is at 3 pm, so meet at Kennedy's at 1?""", mail.text());
    }

    @Test
    void replyKeepsOnlyTheSendersOwnWords() throws Exception {
        ParsedExport parsed = parseFixture(parser, "reply-interleaved.eml"); // starts with its mbox From line
        ChatMessage mail = only(parsed);
        assertEquals("Bob Hartley", mail.sender());
        assertEquals("Pine.LNX.4.44.0209031501420.2233-100000@example.org", mail.inReplyTo());
        assertEquals(List.of("3D74F2A1.5080001@example.com", "Pine.LNX.4.44.0209031501420.2233-100000@example.org"),
                mail.references());
        assertEquals("2002-09-04T01:22:37Z", mail.sentAt().toString());
        assertEquals("""
                Friday works for me. I'll send the announcement on Thursday night.

                I'll do it, I still have the script from 2.0.

                Thanks,
                Bob""", mail.text());
    }

    @Test
    void mailingListFooterIsCut() throws Exception {
        ChatMessage mail = only(parseFixture(parser, "mailing-list-footer.eml"));
        assertEquals("Carlos Jiménez", mail.sender());
        assertEquals("""
                I switched to postfix last year and never looked back: the config is
                readable and the queue tools are sane.

                Carlos""", mail.text());
    }

    @Test
    void mailWithoutOwnWordsIsSkippedAsEmpty() throws Exception {
        ParsedExport parsed = parse(parser, "quote-only.eml", """
                From: Bob <bob@example.com>
                Subject: Re: hi

                On Tue, 3 Sep 2002, Alice wrote:
                > hi

                --\s
                Bob
                """);
        assertTrue(parsed.mails().isEmpty());
        assertEquals(Map.of("empty", 1), parsed.skipped());
    }

    @Test
    void fileWithoutHeaderBlockIsRefusedNamingTheLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> parse(parser, "notes.eml", "Just some notes I took.\nNot a mail.\n"));
        assertEquals("notes.eml:1", e.location());
        assertTrue(e.getMessage().contains("notes.eml"), e.getMessage());

        InvalidInputException afterEnvelope = assertThrows(InvalidInputException.class,
                () -> parse(parser, "x.eml", "From alice@example.org Mon Sep  2 09:15:02 2002\n\nbody\n"));
        assertEquals("x.eml:2", afterEnvelope.location());

        assertThrows(InvalidInputException.class, () -> parse(parser, "empty.eml", ""));
    }

    @Test
    void unknownCharsetFallsBackToWindows1252AndBrokenHeadersDoNotFail() throws Exception {
        byte[] mail = ("From: =?x-unknown?Q?Ren=E9?= <RENE@example.fr>\n"
                + "Date: sometime last week\n"
                + "Message-ID: no-brackets-here\n"
                + "In-Reply-To: your message of yesterday\n"
                + "Content-Type: text/plain; charset=\"x-made-up-charset\"\n"
                + "\n"
                + "Ren\u00e9 says \u0080 hello\n").getBytes(StandardCharsets.ISO_8859_1);
        ChatMessage parsed = only(parse(parser, "odd.eml", mail));
        assertEquals("René", parsed.sender());
        assertEquals("rene@example.fr", parsed.senderAddress());
        assertNull(parsed.sentAt());
        assertEquals("no-brackets-here", parsed.messageId());
        assertNull(parsed.inReplyTo());
        assertEquals("René says € hello", parsed.text());
    }

    @Test
    void garbageBase64AndTruncatedMultipartDecodeWhatTheyCan() throws Exception {
        ChatMessage mail = only(parse(parser, "broken.eml", """
                From: carol@example.net
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                SGVsbG8g!!d29y*bGQ=
                ===garbage===
                --b1
                Content-Type: text/plain
                Content-Transfer-Encoding: quoted-printable

                second part, cut off =E2=80=
                """));
        assertEquals("carol", mail.sender()); // no display name: the local part
        assertEquals("carol@example.net", mail.senderAddress());
        assertTrue(mail.text().startsWith("Hello world"), mail.text());
        assertTrue(mail.text().contains("second part, cut off"), mail.text());
    }

    @Test
    void addressForms() {
        assertEquals(new MailAddress("Alice Smith", "alice@example.org"),
                MailAddress.parse("\"Alice Smith\" <Alice@Example.org>"));
        assertEquals(new MailAddress("Smith, Alice", "alice@example.org"),
                MailAddress.parse("\"Smith, Alice\" <alice@example.org>"));
        assertEquals(new MailAddress("David LeBlanc", "whisper@oz.net"),
                MailAddress.parse("whisper@oz.net (David LeBlanc)"));
        assertEquals(new MailAddress("Alice Smith", "alice@example.org"),
                MailAddress.parse("\"'Alice Smith'\" <alice@example.org>"));
        assertEquals(new MailAddress("", "bob@example.com"), MailAddress.parse("bob@example.com"));
        assertEquals("bob", MailAddress.parse("<bob@example.com>").senderName());
        assertEquals(MailAddress.NONE, MailAddress.parse("  "));
    }

    @Test
    void encodedWords() {
        assertEquals("Grüße aus München", EncodedWords.decode("=?iso-8859-1?Q?Gr=FC=DFe_aus?= =?iso-8859-1?Q?_M=FCnchen?="));
        assertEquals("Re: 週末の写真 🎉", EncodedWords.decode("Re: =?utf-8?B?6YCx5pyr44Gu5YaZ55yfIPCfjok=?="));
        // one character split across two words: joined as bytes before decoding
        assertEquals("é", EncodedWords.decode("=?utf-8?Q?=C3?= =?utf-8?Q?=A9?="));
        assertEquals("plain =? text", EncodedWords.decode("plain =? text"));
        assertEquals("=?utf-8?X?abc?=", EncodedWords.decode("=?utf-8?X?abc?="));
    }

    @Test
    void formatAndRoundTripOfTheBytesEntryPoint() throws Exception {
        assertEquals(Format.EML, parser.format());
        byte[] bytes = "From: a@example.com\n\nhello\n".getBytes(StandardCharsets.US_ASCII);
        ParsedExport parsed = new ParsedExport();
        parser.parse(bytes, bytes.length, "a.eml", parsed);
        assertEquals("hello", only(parsed).text());
        assertFalse(parsed.mails().isEmpty());
    }
}
