package dev.doppel.events;

import java.security.SecureRandom;

/** OpenAI-style identifiers: a prefix and 24 random base-62 characters, e.g. {@code file-3xK9…}. */
public final class Ids {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static String newId(String prefix) {
        var sb = new StringBuilder(prefix.length() + 25).append(prefix).append('-');
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    public static String eventId() {
        return newId("evt");
    }

    private Ids() {
    }
}
