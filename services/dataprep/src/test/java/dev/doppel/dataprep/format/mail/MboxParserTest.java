package dev.doppel.dataprep.format.mail;

import static dev.doppel.dataprep.format.mail.MailFixtures.parse;
import static dev.doppel.dataprep.format.mail.MailFixtures.parseFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.format.ParsedExport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MboxParserTest {
    private final MboxParser parser = new MboxParser();

    @Test
    void threeMailsOfOneThreadWithAnEscapedFromLine() throws Exception {
        ParsedExport parsed = parseFixture(parser, "thread.mbox");
        assertEquals(List.of("thread.mbox#1", "thread.mbox#2", "thread.mbox#3"),
                parsed.mails().stream().map(ParsedExport.SourcedMail::source).toList());
        assertEquals(List.of("Alice Jones", "Bob Hartley", "Alice Jones"),
                parsed.mails().stream().map(m -> m.mail().sender()).toList());
        assertEquals("""
                Hi Bob,

                lunch on Wednesday at the Thai place? 12:30?

                Alice""", parsed.mails().get(0).mail().text());
        assertEquals("""
                Sounds good.

                From the reviews, their green curry is the thing to order.

                Bob""", parsed.mails().get(1).mail().text());
        assertEquals("Great, see you there!", parsed.mails().get(2).mail().text());

        List<Conversation> threads = MailThreads.group(parsed.mails());
        assertEquals(1, threads.size());
        assertEquals("mail:3D738F64.1000304@example.org", threads.getFirst().id());
        assertEquals(3, threads.getFirst().messages().size());
    }

    @Test
    void mboxrdUnescapesOneLevelAndBodyFromLinesWithoutADateDoNotSplit() throws Exception {
        ParsedExport parsed = parse(parser, "rd.mbox", """
                From a@example.com Mon Sep  2 09:15:02 2002
                From: a@example.com

                first line
                From here on it is a plain line, not an envelope.

                From the look of it, neither is this one.
                >>From a quoted line that stays quoted

                From b@example.com Mon Sep  2 09:16:02 2002
                From: b@example.com

                second mail
                """);
        assertEquals(2, parsed.mails().size());
        assertEquals("""
                first line
                From here on it is a plain line, not an envelope.

                From the look of it, neither is this one.""", parsed.mails().get(0).mail().text());
        assertEquals("second mail", parsed.mails().get(1).mail().text());
    }

    @Test
    void crlfMboxAndPerMessageCharsets() throws Exception {
        byte[] latin1 = "From x Mon Sep  2 09:15:02 2002\r\nFrom: Zo\u00eb <zoe@example.com>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nna\u00efve caf\u00e9\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "From y Mon Sep  2 09:16:02 2002\r\nFrom: =?utf-8?Q?Zo=C3=AB?= <zoe@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nna\u00efve caf\u00e9 \u2615\r\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[latin1.length + utf8.length];
        System.arraycopy(latin1, 0, both, 0, latin1.length);
        System.arraycopy(utf8, 0, both, latin1.length, utf8.length);
        ParsedExport parsed = parse(parser, "mixed.mbox", both);
        assertEquals(2, parsed.mails().size());
        assertEquals("Zoë", parsed.mails().get(0).mail().sender());
        assertEquals("naïve café", parsed.mails().get(0).mail().text());
        assertEquals("Zoë", parsed.mails().get(1).mail().sender());
        assertEquals("naïve café ☕", parsed.mails().get(1).mail().text());
    }

    @Test
    void aBrokenMessageDoesNotStopTheFile() throws Exception {
        ParsedExport parsed = parse(parser, "broken.mbox", """
                From a Mon Sep  2 09:15:02 2002
                From: a@example.com
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                %%%% not base64 at all %%%%

                From b Mon Sep  2 09:16:02 2002
                this message lost its header block

                From c Mon Sep  2 09:17:02 2002
                From: c@example.com
                Content-Type: multipart/alternative; boundary="never-closed"

                --never-closed
                Content-Type: text/plain

                still readable
                """);
        assertEquals(List.of("broken.mbox#1", "broken.mbox#3"),
                parsed.mails().stream().map(ParsedExport.SourcedMail::source).toList());
        assertEquals("still readable", parsed.mails().get(1).mail().text());
        assertEquals(Map.of("unreadable mail", 1), parsed.skipped());
    }

    @Test
    void notAnMboxIsRefusedAtLineOne() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> parse(parser, "inbox.mbox", "From: alice@example.org\n\nhello\n"));
        assertEquals("inbox.mbox:1", e.location());
        assertTrue(e.getMessage().contains("inbox.mbox"), e.getMessage());
    }

    @Test
    void anEmptyFolderIsAnEmptyMbox() throws Exception {
        ParsedExport parsed = parse(parser, "Trash", "");
        assertTrue(parsed.mails().isEmpty());
        assertTrue(parsed.skipped().isEmpty());
    }

    @Test
    void streamsManyMessagesWithoutHoldingTheFile() throws Exception {
        int count = 20_000;
        byte[] message = ("From a Mon Sep  2 09:15:02 2002\nFrom: a@example.com\nMessage-ID: <%d@example.com>\n\n"
                + "message body\n\n").getBytes(StandardCharsets.US_ASCII);
        InputStream generated = new InputStream() { // 20,000 mails, never more than one of them in memory here
            private int index;
            private int pos;

            @Override
            public int read() {
                if (index == count) {
                    return -1;
                }
                int b = message[pos++];
                if (pos == message.length) {
                    pos = 0;
                    index++;
                }
                return b;
            }
        };
        CountingSink sink = new CountingSink();
        parser.parse(generated, "big.mbox", sink);
        assertEquals(count, sink.mails);
    }

    @Test
    void oversizedMessageIsSkippedAndTheNextStillRead() throws IOException, InvalidInputException {
        MboxReader reader = new MboxReader(new ByteArrayInputStream(("From a Mon Sep  2 09:15:02 2002\n"
                + "From: a@example.com\n\n" + "x".repeat(300) + "\n\nFrom b Mon Sep  2 09:16:02 2002\nFrom: b@example.com\n\nhi\n")
                .getBytes(StandardCharsets.US_ASCII)), "big.mbox", 100);
        assertTrue(reader.next());
        assertTrue(reader.oversized());
        assertTrue(reader.next());
        assertTrue(!reader.oversized());
        assertEquals("From: b@example.com\n\nhi\n", new String(reader.bytes(), 0, reader.length(), StandardCharsets.US_ASCII));
        assertTrue(!reader.next());
    }
}
