package dev.doppel.dataprep.anonymize;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Participants' names in free text: the full name and each whitespace-separated part of at least three
 * letters, whole words, the longest form first ("Alice Smith" before "Alice"). A name of several words
 * matches in any case; a single word only when written capitalized, and never when it is a common
 * English word: a mailbox has thousands of senders, and "Will", "Mark", "Grant" or "Global Markets"
 * must not turn every "will" and "global" into a pseudonym.
 *
 * <p>A part stands for its owner: "Alice" is written with Alice Smith's pseudonym, so a greeting and a
 * sender agree. A part shared by two participants (Alice Smith, Alice Jones) or equal to another
 * participant's full name is its own name with its own pseudonym.
 *
 * <p>Names are compared as sequences of word tokens, so "Jean-Luc Picard" is found as "Jean Luc
 * Picard" too. Scripts written without spaces (a Chinese name inside a sentence) are not found inside
 * a longer run of letters; that needs a segmenter.
 */
final class PersonNames implements Detector {
    private static final int MIN_PART_LETTERS = 3;
    /** Between two tokens of one name: a space, a hyphen, an apostrophe, ". " — not a sentence. */
    private static final int MAX_GAP = 2;
    /** Words that are names too often to replace on their own ("Will", "May") or parts of senders' org names. */
    private static final Set<String> COMMON_WORDS = Set.of(
            "the", "and", "for", "you", "your", "our", "are", "but", "not", "all", "any", "can", "has", "have",
            "her", "his", "him", "she", "they", "them", "this", "that", "these", "those", "with", "from", "into",
            "will", "may", "might", "shall", "would", "could", "should", "must", "was", "were", "been", "being",
            "who", "what", "when", "where", "why", "how", "which", "there", "here", "then", "than", "now", "new",
            "old", "one", "two", "three", "good", "great", "best", "bill", "mark", "grant", "hope", "joy", "faith",
            "rose", "lily", "april", "june", "july", "august", "summer", "dawn", "sunny", "king", "young", "long",
            "white", "black", "brown", "green", "gray", "grey", "love", "page", "rich", "price", "bell", "hall",
            "mail", "email", "list", "lists", "news", "team", "support", "admin", "info", "sales", "service",
            "services", "group", "groups", "global", "online", "web", "net", "inc", "ltd", "llc", "corp", "com",
            "org", "user", "users", "update", "updates", "digest", "daily", "weekly", "alert", "alerts", "deals",
            "offer", "free", "customer", "center", "centre", "office", "home", "world", "international", "media",
            "network", "systems", "software", "technology", "tech", "security", "marketing", "newsletter",
            "announce", "discuss", "help", "desk", "mailer", "daemon", "postmaster", "noreply", "reply", "bounce",
            "feeds", "feed", "rss", "via", "dear", "sir", "madam", "mr", "mrs", "ms", "dr", "jr", "sr");

    /** Full name's token key → the token keys of its parts that are long enough to look for alone. */
    private final Map<String, List<String>> partsByFullName = new LinkedHashMap<>();
    /** First token → the name forms starting with it, most tokens first. */
    private final Map<String, List<NameForm>> byFirstToken = new HashMap<>();
    /** Token key ("alice smith") → whose pseudonym the form takes (a full name's key). */
    private final Map<String, String> owners = new HashMap<>();
    private final BitSet firstChars = new BitSet();
    private int shortestFirstToken = Integer.MAX_VALUE;
    private int longestFirstToken;

    private record NameForm(String[] tokens, String owner) {
    }

    void add(Iterable<String> names) {
        for (String name : names) {
            String fullKey = key(name);
            if (!fullKey.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (String part : name.strip().split("\\s+")) {
                    if (letters(part) >= MIN_PART_LETTERS && !key(part).isEmpty() && !COMMON_WORDS.contains(key(part))) {
                        parts.add(key(part));
                    }
                }
                partsByFullName.putIfAbsent(fullKey, parts);
            }
        }
        rebuild();
    }

    boolean isEmpty() {
        return partsByFullName.isEmpty();
    }

    /** The key whose pseudonym stands for this name: its owner's full name, or the name itself. */
    String ownerKey(String name) {
        String key = key(name);
        return owners.getOrDefault(key, key);
    }

    @Override
    public void detect(String text, List<Span> out) {
        if (partsByFullName.isEmpty()) {
            return;
        }
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!Chars.isWordChar(text.charAt(i)) || (i > 0 && Chars.isWordChar(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            int wordEnd = wordEnd(text, i);
            int matchEnd = matchAt(text, i, wordEnd);
            if (matchEnd > 0) {
                out.add(new Span(i, matchEnd, PiiClass.PERSON));
                i = matchEnd;
            } else {
                i = wordEnd;
            }
        }
    }

    /** End of the longest name form starting with the word {@code text[start, wordEnd)}, or -1. */
    private int matchAt(String text, int start, int wordEnd) {
        int wordLength = wordEnd - start;
        if (wordLength < shortestFirstToken || wordLength > longestFirstToken
                || !firstChars.get(Character.toLowerCase(text.charAt(start)))) {
            return -1;
        }
        List<NameForm> forms = byFirstToken.get(text.substring(start, wordEnd).toLowerCase(Locale.ROOT));
        if (forms == null) {
            return -1;
        }
        boolean capitalized = Character.isUpperCase(text.charAt(start));
        for (NameForm form : forms) {
            if (form.tokens().length == 1 && (!capitalized || COMMON_WORDS.contains(form.tokens()[0]))) {
                continue;
            }
            int end = matchRest(text, wordEnd, form.tokens());
            if (end > 0) {
                return end;
            }
        }
        return -1;
    }

    private static int matchRest(String text, int position, String[] tokens) {
        for (int t = 1; t < tokens.length; t++) {
            int next = position;
            while (next < text.length() && next - position < MAX_GAP && isGapChar(text.charAt(next))) {
                next++;
            }
            if (next == position || !Chars.isWordCharAt(text, next)) {
                return -1;
            }
            int end = wordEnd(text, next);
            if (end - next != tokens[t].length() || !text.regionMatches(true, next, tokens[t], 0, tokens[t].length())) {
                return -1;
            }
            position = end;
        }
        return position;
    }

    private static boolean isGapChar(char c) {
        return c == ' ' || c == '\u00A0' || c == '-' || c == '\'' || c == '\u2019' || c == '.';
    }

    private static int wordEnd(String text, int start) {
        int end = start;
        while (end < text.length() && Chars.isWordChar(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private void rebuild() {
        byFirstToken.clear();
        owners.clear();
        firstChars.clear();
        shortestFirstToken = Integer.MAX_VALUE;
        longestFirstToken = 0;
        Map<String, Set<String>> partOwners = new HashMap<>();
        partsByFullName.forEach((fullName, parts) -> parts.forEach(
                part -> partOwners.computeIfAbsent(part, unused -> new LinkedHashSet<>()).add(fullName)));
        Map<String, String> forms = new HashMap<>();
        partOwners.forEach((part, names) -> forms.put(part, names.size() == 1 ? names.iterator().next() : part));
        partsByFullName.keySet().forEach(fullName -> forms.put(fullName, fullName)); // a full name is always its own
        forms.forEach((key, owner) -> {
            owners.put(key, owner);
            String[] tokens = key.split(" ");
            byFirstToken.computeIfAbsent(tokens[0], unused -> new ArrayList<>()).add(new NameForm(tokens, owner));
            firstChars.set(tokens[0].charAt(0));
            shortestFirstToken = Math.min(shortestFirstToken, tokens[0].length());
            longestFirstToken = Math.max(longestFirstToken, tokens[0].length());
        });
        byFirstToken.values().forEach(list -> list.sort(
                Comparator.comparingInt((NameForm form) -> form.tokens().length).reversed()));
    }

    /** Lower-cased word tokens joined by single spaces: how names are compared. */
    private static String key(String name) {
        return String.join(" ", tokens(name));
    }

    private static List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        String lower = name.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length()) {
            if (!Chars.isWordChar(lower.charAt(i)) || lower.charAt(i) == '_') {
                i++;
                continue;
            }
            int end = i;
            while (end < lower.length() && Chars.isWordChar(lower.charAt(end)) && lower.charAt(end) != '_') {
                end++;
            }
            tokens.add(lower.substring(i, end));
            i = end;
        }
        return tokens;
    }

    private static int letters(String part) {
        return (int) part.chars().filter(Character::isLetter).count();
    }
}
