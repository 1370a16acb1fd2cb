package dev.doppel.dataprep.pairing;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Pairs each turn of the others with the owner's reply that follows it.
 *
 * <p>In a chat, consecutive messages of one sender within the merge window form one turn, and a turn
 * of mine right after someone else's turn is a reply to it; up to K earlier turns of the same session
 * travel along as context. A silence of the session gap starts a new session, which is its own group
 * for the splits: one chat export holds many conversations. In a mail thread order is not enough (replies cross), so a mail of mine is paired with the
 * mail its In-Reply-To (or last known Reference) names, and the context is that mail's ancestors.
 */
public final class ReplyPairer {
    private final Owner owner;
    private final PairingOptions options;

    public ReplyPairer(Owner owner, PairingOptions options) {
        this.owner = owner;
        this.options = options;
    }

    /**
     * @param speaker the label a context turn carries for a message's sender (a pseudonym once
     *                anonymized); my own turns are labelled {@code me}
     */
    public List<Example> pair(Conversation conversation, Function<ChatMessage, String> speaker) {
        return isMailThread(conversation) ? pairMail(conversation, speaker) : pairChat(conversation, speaker);
    }

    private static boolean isMailThread(Conversation conversation) {
        return conversation.id().startsWith("mail:");
    }

    private List<Example> pairChat(Conversation conversation, Function<ChatMessage, String> speaker) {
        List<TimedTurn> turns = timedTurns(conversation.messages(), speaker);
        var examples = new ArrayList<Example>();
        int session = 0;
        int sessionStart = 0;
        for (int i = 1; i < turns.size(); i++) {
            if (startsSession(turns.get(i - 1), turns.get(i))) {
                session++;
                sessionStart = i;
                continue;
            }
            Turn reply = turns.get(i).turn();
            Turn prompt = turns.get(i - 1).turn();
            if (reply.mine() && !prompt.mine()) {
                List<Turn> context = turns.subList(Math.max(sessionStart, i - 1 - options.contextTurns()), i - 1)
                        .stream().map(TimedTurn::turn).toList();
                String group = session == 0 ? conversation.id() : conversation.id() + "#session-" + session;
                examples.add(new Example(context, prompt.text(), reply.text(), group, conversation.id() + "#" + i));
            }
        }
        return examples;
    }

    private boolean startsSession(TimedTurn previous, TimedTurn next) {
        return previous.end() != null && next.start() != null
                && Duration.between(previous.end(), next.start()).compareTo(options.sessionGap()) >= 0;
    }

    /** Merges runs of one sender's messages (within the window) into turns. */
    List<Turn> turns(List<ChatMessage> messages, Function<ChatMessage, String> speaker) {
        return timedTurns(messages, speaker).stream().map(TimedTurn::turn).toList();
    }

    private record TimedTurn(Turn turn, Instant start, Instant end) {
    }

    private List<TimedTurn> timedTurns(List<ChatMessage> messages, Function<ChatMessage, String> speaker) {
        var turns = new ArrayList<TimedTurn>();
        ChatMessage first = null;
        ChatMessage previous = null;
        var text = new StringBuilder();
        for (ChatMessage message : messages) {
            if (message.text().isBlank()) {
                continue;
            }
            if (previous != null && sameSender(previous, message) && withinWindow(previous, message)) {
                text.append('\n').append(message.text());
            } else {
                if (previous != null) {
                    turns.add(new TimedTurn(turn(first, text.toString(), speaker), first.sentAt(), previous.sentAt()));
                }
                text.setLength(0);
                text.append(message.text());
                first = message;
            }
            previous = message;
        }
        if (previous != null) {
            turns.add(new TimedTurn(turn(first, text.toString(), speaker), first.sentAt(), previous.sentAt()));
        }
        return turns;
    }

    private Turn turn(ChatMessage first, String text, Function<ChatMessage, String> speaker) {
        boolean mine = owner.isMe(first);
        return new Turn(mine ? "me" : speaker.apply(first), mine, text);
    }

    private boolean sameSender(ChatMessage a, ChatMessage b) {
        boolean aMine = owner.isMe(a);
        if (aMine != owner.isMe(b)) {
            return false;
        }
        return aMine || a.sender().equals(b.sender());
    }

    private boolean withinWindow(ChatMessage a, ChatMessage b) {
        if (a.sentAt() == null || b.sentAt() == null) {
            return true;
        }
        return Duration.between(a.sentAt(), b.sentAt()).compareTo(options.mergeWindow()) <= 0;
    }

    private List<Example> pairMail(Conversation thread, Function<ChatMessage, String> speaker) {
        Map<String, ChatMessage> byId = new HashMap<>();
        for (ChatMessage mail : thread.messages()) {
            if (mail.messageId() != null) {
                byId.putIfAbsent(mail.messageId(), mail);
            }
        }
        var examples = new ArrayList<Example>();
        for (ChatMessage mail : thread.messages()) {
            if (!owner.isMe(mail) || mail.text().isBlank()) {
                continue;
            }
            ChatMessage parent = parent(mail, byId);
            if (parent == null || owner.isMe(parent) || parent.text().isBlank()) {
                continue;
            }
            var context = new ArrayList<Turn>();
            ChatMessage ancestor = parent(parent, byId);
            while (ancestor != null && context.size() < options.contextTurns()) {
                boolean mine = owner.isMe(ancestor);
                context.addFirst(new Turn(mine ? "me" : speaker.apply(ancestor), mine, ancestor.text()));
                ancestor = parent(ancestor, byId);
            }
            String location = mail.messageId() != null ? "<" + mail.messageId() + ">" : thread.id();
            examples.add(new Example(context, parent.text(), mail.text(), thread.id(), location));
        }
        return examples;
    }

    /** The mail this one answers: In-Reply-To, else the nearest References entry the thread holds. */
    private static ChatMessage parent(ChatMessage mail, Map<String, ChatMessage> byId) {
        if (mail.inReplyTo() != null && byId.containsKey(mail.inReplyTo()) && !mail.inReplyTo().equals(mail.messageId())) {
            return byId.get(mail.inReplyTo());
        }
        List<String> references = mail.references();
        for (int i = references.size() - 1; i >= 0; i--) {
            ChatMessage candidate = byId.get(references.get(i));
            if (candidate != null && candidate != mail) {
                return candidate;
            }
        }
        return null;
    }
}
