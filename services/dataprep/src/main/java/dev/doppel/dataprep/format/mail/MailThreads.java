package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.format.ParsedExport.SourcedMail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mails grouped into conversations by Message-ID, In-Reply-To and References. A mail joins the thread
 * of every id it names, so replies whose parent is not in the upload still meet through the thread's
 * root in their References (JWZ threading without subject matching, which merges unrelated
 * "Re: hello"s). Mails come from many files of one upload, which is why threading is a step after
 * parsing.
 */
public final class MailThreads {
    private MailThreads() {
    }

    /**
     * One conversation per thread, in the order each thread's first mail came in. Its messages are
     * sorted by {@code sentAt}; an undated mail stays after the mail that preceded it in the input.
     * The id is {@code mail:} + the thread root's Message-ID, or {@code mail:} + a hash of the source
     * for a mail without any id; the title is empty, since {@link ChatMessage} keeps no subject.
     */
    public static List<Conversation> group(List<SourcedMail> mails) {
        IdUnion union = new IdUnion(mails.size());
        for (int i = 0; i < mails.size(); i++) {
            ChatMessage mail = mails.get(i).mail();
            union.join(i, mail.messageId());
            union.join(i, mail.inReplyTo());
            for (String reference : mail.references()) {
                union.join(i, reference);
            }
        }
        Map<Integer, List<Integer>> threads = new LinkedHashMap<>();
        for (int i = 0; i < mails.size(); i++) {
            threads.computeIfAbsent(union.find(i), k -> new ArrayList<>()).add(i);
        }
        List<Conversation> conversations = new ArrayList<>(threads.size());
        for (List<Integer> thread : threads.values()) {
            List<Integer> ordered = chronological(mails, thread);
            List<ChatMessage> messages = new ArrayList<>(ordered.size());
            for (int i : ordered) {
                messages.add(mails.get(i).mail());
            }
            conversations.add(new Conversation(id(mails, ordered), "", messages));
        }
        return conversations;
    }

    /** By time; an undated mail takes the time of the one before it in input order (or the earliest). */
    private static List<Integer> chronological(List<SourcedMail> mails, List<Integer> thread) {
        Instant[] effective = new Instant[thread.size()];
        Instant previous = Instant.MIN;
        for (int k = 0; k < thread.size(); k++) {
            Instant sentAt = mails.get(thread.get(k)).mail().sentAt();
            previous = sentAt != null ? sentAt : previous;
            effective[k] = previous;
        }
        Integer[] order = new Integer[thread.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparing((Integer k) -> effective[k]).thenComparing(k -> k));
        List<Integer> sorted = new ArrayList<>(order.length);
        for (int k : order) {
            sorted.add(thread.get(k));
        }
        return sorted;
    }

    /**
     * The thread starter's Message-ID when it is there (the first mail that answers nothing), else the
     * root its earliest reply names, else a hash of that mail's source.
     */
    private static String id(List<SourcedMail> mails, List<Integer> ordered) {
        for (int i : ordered) {
            ChatMessage mail = mails.get(i).mail();
            if (mail.messageId() != null && mail.inReplyTo() == null && mail.references().isEmpty()) {
                return "mail:" + mail.messageId();
            }
        }
        for (int i : ordered) {
            ChatMessage mail = mails.get(i).mail();
            if (!mail.references().isEmpty()) {
                return "mail:" + mail.references().getFirst();
            }
            if (mail.inReplyTo() != null) {
                return "mail:" + mail.inReplyTo();
            }
        }
        for (int i : ordered) {
            if (mails.get(i).mail().messageId() != null) {
                return "mail:" + mails.get(i).mail().messageId();
            }
        }
        return "mail:" + hash(mails.get(ordered.getFirst()).source());
    }

    private static String hash(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Union-find over mail indices and the ids they name; ids get the nodes after the mails. */
    private static final class IdUnion {
        private final Map<String, Integer> nodeOfId = new HashMap<>();
        private int[] parent;
        private int size;

        IdUnion(int mails) {
            parent = new int[Math.max(16, mails * 2)];
            for (int i = 0; i < mails; i++) {
                parent[i] = i;
            }
            size = mails;
        }

        void join(int mail, String id) {
            if (id == null || id.isEmpty()) {
                return;
            }
            Integer node = nodeOfId.get(id);
            if (node == null) {
                node = add();
                nodeOfId.put(id, node);
            }
            int a = find(mail);
            int b = find(node);
            if (a != b) {
                // the smaller root wins, so a thread's root is its first mail and groups keep input order
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }

        int find(int node) {
            while (parent[node] != node) {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }
            return node;
        }

        private int add() {
            if (size == parent.length) {
                parent = Arrays.copyOf(parent, size * 2);
            }
            parent[size] = size;
            return size++;
        }
    }
}
