package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.format.Utf8;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Text from the bytes of a mail part. Mail charset labels are often wrong or made up ({@code default},
 * {@code x-user-defined}), so decoding never fails: an unknown label falls back to windows-1252,
 * which maps every byte, and malformed input becomes U+FFFD.
 */
final class MailCharsets {
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final ConcurrentHashMap<String, Charset> BY_LABEL = new ConcurrentHashMap<>();

    private MailCharsets() {
    }

    static String decode(byte[] bytes, int from, int to, String label) {
        Charset declared = label == null ? null : forLabel(label);
        if (declared == null || isLatinOrAscii(declared)) {
            return decodeGuessingLatin(bytes, from, to);
        }
        return new String(bytes, from, to - from, declared);
    }

    /**
     * For undeclared, ASCII and Latin-1 labels: ASCII as is, valid UTF-8 as UTF-8 (clients label UTF-8
     * text as iso-8859-1 all the time, while Latin-1 text is practically never valid UTF-8), else
     * windows-1252 (what "iso-8859-1" means in practice: its C1 controls are never meant).
     */
    static String decodeGuessingLatin(byte[] bytes, int from, int to) {
        if (Utf8.isAscii(bytes, from, to)) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        if (Utf8.isValid(bytes, from, to)) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        return new String(bytes, from, to - from, WINDOWS_1252);
    }

    /** The charset a label names, or null when Java knows none by that name. */
    static Charset forLabel(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        if (key.length() >= 2 && key.charAt(0) == '"' && key.charAt(key.length() - 1) == '"') {
            key = key.substring(1, key.length() - 1).trim();
        }
        Charset known = BY_LABEL.get(key);
        if (known != null) {
            return known == Unknown.CHARSET ? null : known;
        }
        Charset found = lookup(key);
        if (BY_LABEL.size() < 1024) { // labels come from uploads: bound the cache
            BY_LABEL.put(key, found == null ? Unknown.CHARSET : found);
        }
        return found;
    }

    private static Charset lookup(String key) {
        switch (key) {
            case "utf8", "utf-8":
                return StandardCharsets.UTF_8;
            case "latin1", "latin-1", "iso8859-1", "iso_8859-1", "iso-8859-1", "us-ascii", "ascii", "cp1252":
                return WINDOWS_1252;
            case "gb2312", "gb_2312-80", "euc-cn":
                return charsetOrNull("GBK"); // GBK is GB2312's superset, which senders rely on
            default:
                return charsetOrNull(key);
        }
    }

    private static Charset charsetOrNull(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException e) { // illegal name: a made-up label
            return null;
        }
    }

    private static boolean isLatinOrAscii(Charset charset) {
        return charset == WINDOWS_1252 || charset == StandardCharsets.ISO_8859_1
                || charset == StandardCharsets.US_ASCII;
    }

    /** A marker for labels already known to name nothing, so they are looked up once. */
    private static final class Unknown {
        static final Charset CHARSET = StandardCharsets.UTF_16LE;
    }
}
