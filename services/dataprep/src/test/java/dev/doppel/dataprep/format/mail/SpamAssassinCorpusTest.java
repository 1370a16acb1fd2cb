package dev.doppel.dataprep.format.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.SpamAssassinMails;
import dev.doppel.dataprep.format.ParsedExport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * All 6,046 real mails of the SpamAssassin corpus through {@link EmlParser}, which accepts the
 * mbox {@code From } line most of them start with.
 */
class SpamAssassinCorpusTest {
    private static List<Path> files;
    private static ParsedExport parsed;

    @BeforeAll
    static void parseAll() throws Exception {
        files = SpamAssassinMails.files();
        parsed = new ParsedExport();
        EmlParser parser = new EmlParser();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                parser.parse(in, file.getParent().getFileName() + "/" + file.getFileName(), parsed);
            }
        }
    }

    @Test
    void everyMailParsesIntoAMailOrAnEmptySkip() {
        assertEquals(SpamAssassinMails.COUNT, files.size());
        int empty = parsed.skipped().getOrDefault("empty", 0);
        assertEquals(files.size(), parsed.mails().size() + empty, "skipped: " + parsed.skipped());
        assertTrue(empty < files.size() / 50, "too many mails without words: " + empty);
    }

    @Test
    void headersAreReadFromNearlyEveryMail() {
        List<ChatMessage> mails = parsed.mails().stream().map(ParsedExport.SourcedMail::mail).toList();
        long withAddress = mails.stream().filter(m -> m.senderAddress() != null && m.senderAddress().contains("@")).count();
        long withDate = mails.stream().filter(m -> m.sentAt() != null).count();
        long withId = mails.stream().filter(m -> m.messageId() != null).count();
        assertTrue(withAddress > mails.size() * 0.99, withAddress + " of " + mails.size() + " have a sender address");
        assertTrue(withDate > mails.size() * 0.99, withDate + " of " + mails.size() + " have a date");
        assertTrue(withId > mails.size() * 0.99, withId + " of " + mails.size() + " have a Message-ID");
        assertTrue(mails.stream().allMatch(m -> !m.text().isBlank()));
    }

    @Test
    void knownMailReadsAsItsSenderWroteIt() {
        // easy-ham-1/00001: Robert Elz on exmh-workers, with a Mailman footer below his words
        ParsedExport.SourcedMail first = parsed.mails().stream()
                .filter(m -> m.source().startsWith("easy-ham-1/00001.")).findFirst().orElseThrow();
        ChatMessage mail = first.mail();
        assertEquals("Robert Elz", mail.sender());
        assertEquals("kre@munnari.oz.au", mail.senderAddress());
        assertEquals("13258.1030015585@munnari.OZ.AU", mail.messageId());
        assertEquals("1029945287.4797.TMDA@deepeddy.vircio.com", mail.inReplyTo());
        assertEquals(5, mail.references().size());
        assertEquals("2002-08-22T11:26:25Z", mail.sentAt().toString());
        assertTrue(mail.text().endsWith("(local routing issue I think)."), mail.text());
        assertTrue(!mail.text().contains("listinfo"), mail.text());
    }

    @Test
    void threadingFindsTheCorpusReplyChains() {
        List<Conversation> conversations = MailThreads.group(parsed.mails());
        long threads = conversations.stream().filter(c -> c.messages().size() > 1).count();
        assertTrue(threads > 100, "threads with replies: " + threads);

        // every In-Reply-To that names a mail of the corpus lands in that mail's conversation
        Map<String, String> conversationOfId = new HashMap<>();
        for (Conversation c : conversations) {
            for (ChatMessage m : c.messages()) {
                if (m.messageId() != null) {
                    conversationOfId.putIfAbsent(m.messageId(), c.id());
                }
            }
        }
        int chains = 0;
        for (Conversation c : conversations) {
            for (ChatMessage m : c.messages()) {
                String parent = m.inReplyTo() == null ? null : conversationOfId.get(m.inReplyTo());
                if (parent != null) {
                    assertEquals(parent, c.id());
                    chains++;
                }
            }
        }
        assertTrue(chains > 100, "replies whose parent is in the corpus: " + chains);
        assertEquals(parsed.mails().size(), conversations.stream().mapToInt(c -> c.messages().size()).sum());
        assertNotNull(conversations.getFirst().id());
    }
}
