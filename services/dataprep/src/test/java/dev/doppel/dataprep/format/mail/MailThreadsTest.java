package dev.doppel.dataprep.format.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.format.ParsedExport.SourcedMail;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailThreadsTest {
    private static SourcedMail mail(String source, String text, String at, String id, String inReplyTo, String... refs) {
        return new SourcedMail(new ChatMessage("x", "x@example.com", at == null ? null : Instant.parse(at), text, id,
                inReplyTo, List.of(refs)), source);
    }

    private static List<String> texts(Conversation c) {
        return c.messages().stream().map(ChatMessage::text).toList();
    }

    @Test
    void repliesJoinTheirParentsAndSortByTime() {
        List<Conversation> threads = MailThreads.group(List.of(
                mail("a#2", "reply", "2002-09-02T10:00:00Z", "r1", "root", "root"),
                mail("a#1", "root", "2002-09-02T09:00:00Z", "root", null),
                mail("b", "other", "2002-09-01T00:00:00Z", "o1", null),
                mail("a#3", "reply to reply", "2002-09-02T11:00:00Z", "r2", "r1", "root", "r1")));
        assertEquals(2, threads.size());
        assertEquals("mail:root", threads.get(0).id());
        assertEquals(List.of("root", "reply", "reply to reply"), texts(threads.get(0)));
        assertEquals("mail:o1", threads.get(1).id());
    }

    @Test
    void repliesWhoseParentIsMissingMeetThroughTheReferencesRoot() {
        // the root and the first reply were never uploaded; two later replies name the root first
        List<Conversation> threads = MailThreads.group(List.of(
                mail("x#1", "late reply A", "2002-09-03T10:00:00Z", "a", "gone-1", "gone-root", "gone-1"),
                mail("x#2", "late reply B", "2002-09-03T09:00:00Z", "b", "gone-2", "gone-root", "gone-2")));
        assertEquals(1, threads.size());
        assertEquals("mail:gone-root", threads.getFirst().id());
        assertEquals(List.of("late reply B", "late reply A"), texts(threads.getFirst()));
    }

    @Test
    void undatedMailsStayAfterWhatPrecededThemInInput() {
        List<Conversation> threads = MailThreads.group(List.of(
                mail("m#1", "first", "2002-09-02T09:00:00Z", "1", null),
                mail("m#2", "undated reply", null, "2", "1", "1"),
                mail("m#3", "third", "2002-09-02T12:00:00Z", "3", "2", "1", "2"),
                mail("m#4", "earlier but later in file", "2002-09-02T10:00:00Z", "4", "1", "1")));
        assertEquals(List.of("first", "undated reply", "earlier but later in file", "third"), texts(threads.getFirst()));
    }

    @Test
    void mailsWithoutIdsAreSingletonsWithAStableId() {
        List<SourcedMail> mails = List.of(
                mail("inbox.mbox#1", "one", null, null, null),
                mail("inbox.mbox#2", "two", null, null, null));
        List<Conversation> threads = MailThreads.group(mails);
        assertEquals(2, threads.size());
        assertTrue(threads.get(0).id().startsWith("mail:"));
        assertTrue(!threads.get(0).id().equals(threads.get(1).id()));
        assertEquals(threads.get(0).id(), MailThreads.group(mails).get(0).id());
        assertEquals("", threads.get(0).title());
    }

    @Test
    void emptyInputHasNoConversations() {
        assertEquals(List.of(), MailThreads.group(List.of()));
    }
}
