package dev.doppel.dataprep.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyPairerTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private final Owner me = Owner.of("Alex Doe", "alex@example.com", "+44 7700 900123");

    private static ChatMessage at(int minutes, String sender, String text) {
        return ChatMessage.of(sender, T0.plus(Duration.ofMinutes(minutes)), text);
    }

    @Test
    void pairsEachTurnOfTheOthersWithMyReplyThatFollows() {
        var chat = new Conversation("c1", "", List.of(
                at(0, "Sam", "are you coming tonight?"),
                at(1, "Alex Doe", "yes!"),
                at(2, "Sam", "great"),
                at(3, "Sam", "bring snacks"),
                at(4, "alex doe", "on it")));

        List<Example> pairs = new ReplyPairer(me, PairingOptions.DEFAULT).pair(chat, m -> "<" + m.sender() + ">");

        assertEquals(2, pairs.size());
        assertEquals("are you coming tonight?", pairs.get(0).prompt());
        assertEquals("yes!", pairs.get(0).completion());
        assertEquals("great\nbring snacks", pairs.get(1).prompt(), "two quick messages are one turn");
        assertEquals("on it", pairs.get(1).completion());
        assertEquals(List.of(new Turn("<Sam>", false, "are you coming tonight?"), new Turn("me", true, "yes!")),
                pairs.get(1).context());
        assertEquals("c1", pairs.get(1).group());
    }

    @Test
    void messagesFurtherApartThanTheWindowAreSeparateTurns() {
        var chat = new Conversation("c1", "", List.of(
                at(0, "Sam", "first"),
                at(60, "Sam", "an hour later"),
                at(61, "Alex Doe", "sorry, was out")));

        List<Example> pairs = new ReplyPairer(me, new PairingOptions(1, Duration.ofMinutes(10), Duration.ofHours(6)))
                .pair(chat, ChatMessage::sender);

        assertEquals(1, pairs.size());
        assertEquals("an hour later", pairs.getFirst().prompt());
        assertEquals(List.of(new Turn("Sam", false, "first")), pairs.getFirst().context());
    }

    @Test
    void contextIsCappedAtKTurns() {
        var chat = new Conversation("c1", "", List.of(
                at(0, "Sam", "a"), at(20, "Alex Doe", "b"), at(40, "Sam", "c"), at(60, "Alex Doe", "d"),
                at(80, "Sam", "e"), at(100, "Alex Doe", "f")));

        Example last = new ReplyPairer(me, new PairingOptions(2, Duration.ofMinutes(10), Duration.ofHours(6)))
                .pair(chat, ChatMessage::sender).getLast();

        assertEquals("e", last.prompt());
        assertEquals(List.of("c", "d"), last.context().stream().map(Turn::text).toList());
    }

    @Test
    void myMessagesWithoutAPromptAndOthersWithoutAReplyMakeNoPair() {
        var chat = new Conversation("c1", "", List.of(
                at(0, "Alex Doe", "anyone up?"), at(30, "Sam", "me"), at(31, "Kim", "me too")));

        assertTrue(new ReplyPairer(me, PairingOptions.DEFAULT).pair(chat, ChatMessage::sender).isEmpty());
    }

    @Test
    void inAMailThreadAReplyPairsWithTheMailItAnswersNotTheOneBeforeIt() {
        var root = mail("Bob", "bob@example.com", "m1", null, "shall we meet on Friday?");
        var other = mail("Carol", "carol@example.com", "m2", "m1", "Friday works for me");
        var mine = mail("Alex Doe", "ALEX@example.com", "m3", "m1", "Friday it is, Bob");

        List<Example> pairs = new ReplyPairer(me, PairingOptions.DEFAULT)
                .pair(new Conversation("mail:m1", "", List.of(root, other, mine)), ChatMessage::sender);

        assertEquals(1, pairs.size());
        assertEquals("shall we meet on Friday?", pairs.getFirst().prompt());
        assertEquals("Friday it is, Bob", pairs.getFirst().completion());
        assertTrue(pairs.getFirst().context().isEmpty());
    }

    @Test
    void aMailReplyCarriesItsAncestorsAsContext() {
        var m1 = mail("Bob", "bob@example.com", "m1", null, "lunch?");
        var m2 = mail("Alex", "alex@example.com", "m2", "m1", "sure, where?");
        var m3 = mail("Bob", "bob@example.com", "m3", "m2", "the usual place");
        var m4 = mail("Alex", "alex@example.com", "m4", "m3", "see you at noon");

        Example last = new ReplyPairer(me, PairingOptions.DEFAULT)
                .pair(new Conversation("mail:m1", "", List.of(m1, m2, m3, m4)), ChatMessage::sender).getLast();

        assertEquals("the usual place", last.prompt());
        assertEquals(List.of(new Turn("Bob", false, "lunch?"), new Turn("me", true, "sure, where?")), last.context());
    }

    @Test
    void ownerMatchesNamesAddressesAndPhonesLoosely() {
        assertTrue(me.isMe(ChatMessage.of("  ALEX   doe ", null, "x")));
        assertTrue(me.isMe(new ChatMessage("A.", "Alex@Example.com", null, "x", null, null, List.of())));
        assertTrue(me.isMe(new ChatMessage("", "07700 900123", null, "x", null, null, List.of())));
        assertFalse(me.isMe(new ChatMessage("Alex", "alex@other.org", null, "x", null, null, List.of())));
        assertEquals(List.of("Alex Doe"), me.names());
    }

    private static ChatMessage mail(String name, String address, String id, String inReplyTo, String text) {
        return new ChatMessage(name, address, null, text, id, inReplyTo, inReplyTo == null ? List.of() : List.of(inReplyTo));
    }

    @Test
    void aLongSilenceStartsANewConversationThatContextDoesNotCross() {
        var chat = new Conversation("c1", "", List.of(
                at(0, "Sam", "dinner?"), at(1, "Alex Doe", "sure"),
                at(60 * 24, "Sam", "how was the film?"), at(60 * 24 + 2, "Alex Doe", "loved it")));

        List<Example> pairs = new ReplyPairer(me, PairingOptions.DEFAULT).pair(chat, ChatMessage::sender);

        assertEquals(2, pairs.size());
        assertEquals("c1", pairs.get(0).group());
        assertEquals("c1#session-1", pairs.get(1).group());
        assertTrue(pairs.get(1).context().isEmpty(), "yesterday's talk is another conversation");
    }
}
