package dev.doppel.dataprep.anonymize;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Consistent per-tenant pseudonyms: the same e-mail address is {@code <EMAIL_1>} in every file of a
 * tenant. The table keeps keyed digests (HMAC-SHA256 with the tenant's secret) of the normalized
 * originals, never the originals, so it can be stored; without the secret a stored table cannot be
 * checked against guessed addresses or numbers.
 *
 * <p>Entry keys are {@code CLASS:hex(HMAC(secret, "CLASS:" + normalized))}. The class prefix is not
 * personal data, and {@link #restore} needs it to continue each class's numbering.
 *
 * <p>Thread-safe: one table may serve a tenant's concurrent uploads.
 */
public final class Pseudonyms {
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    /** Mac instances are not thread-safe and costly to create; one per thread, created once. */
    private final ThreadLocal<Mac> macs;
    private final Map<String, Integer> numbers = new ConcurrentHashMap<>();
    private final Map<PiiClass, AtomicInteger> lastNumber = new EnumMap<>(PiiClass.class);

    public Pseudonyms(byte[] tenantSecret) {
        if (tenantSecret == null || tenantSecret.length < 16) {
            throw new IllegalArgumentException("a tenant secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(tenantSecret, tenantSecret.length), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        for (PiiClass kind : PiiClass.values()) {
            lastNumber.put(kind, new AtomicInteger());
        }
        newMac(); // fail now, not at the first match, if the JDK lacks HMAC-SHA256
    }

    /** A table restored from {@link #entries()} saved earlier; new originals continue each class's numbering. */
    public static Pseudonyms restore(byte[] tenantSecret, Map<String, Integer> entries) {
        Pseudonyms table = new Pseudonyms(tenantSecret);
        entries.forEach((digestKey, number) -> {
            PiiClass kind = classOf(digestKey);
            if (number == null || number < 1) {
                throw new IllegalArgumentException("pseudonym number must be positive: " + digestKey);
            }
            table.numbers.put(digestKey, number);
            table.lastNumber.get(kind).accumulateAndGet(number, Math::max);
        });
        return table;
    }

    /** {@code <CLASS_n>} for this original, after normalizing it per class (see {@link #normalize}). */
    public String pseudonym(PiiClass kind, String original) {
        return "<" + kind.tag() + "_" + number(kind, original) + ">";
    }

    /** The number n of {@code <CLASS_n>}; numbers count up per class in order of first appearance. */
    public int number(PiiClass kind, String original) {
        String digestKey = digestKey(kind, normalize(kind, original));
        Integer known = numbers.get(digestKey);
        if (known != null) {
            return known;
        }
        return numbers.computeIfAbsent(digestKey, unused -> lastNumber.get(kind).incrementAndGet());
    }

    /** digest key → number, everything the table holds, to persist. */
    public Map<String, Integer> entries() {
        return Map.copyOf(numbers);
    }

    /**
     * What makes two spellings the same original. Phones keep a leading + (or an international 00,
     * written as +) and their digits, so {@code 555-123-4567} and {@code 555.123.4567} are one number
     * while {@code +1 555 123 4567} is another: whether a national number and an international one
     * are the same line depends on a country we do not know.
     */
    static String normalize(PiiClass kind, String original) {
        return switch (kind) {
            case EMAIL, IP -> original.toLowerCase(Locale.ROOT);
            case PHONE -> normalizePhone(original);
            case CREDIT_CARD -> digitsOnly(original, 0);
            case IBAN -> original.replace(" ", "").toUpperCase(Locale.ROOT);
            case URL -> original.endsWith("/") ? original.substring(0, original.length() - 1) : original;
            case PERSON -> String.join(" ", original.trim().toLowerCase(Locale.ROOT).split("\\s+"));
        };
    }

    private static String normalizePhone(String phone) {
        String trimmed = phone.strip();
        if (trimmed.startsWith("+")) {
            return "+" + digitsOnly(trimmed, 1);
        }
        String digits = digitsOnly(trimmed, 0);
        return digits.startsWith("00") ? "+" + digits.substring(2) : digits;
    }

    private static String digitsOnly(String text, int from) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private String digestKey(PiiClass kind, String normalized) {
        byte[] digest = macs.get().doFinal((kind.tag() + ":" + normalized).getBytes(StandardCharsets.UTF_8));
        return kind.tag() + ":" + HEX.formatHex(digest);
    }

    private static PiiClass classOf(String digestKey) {
        int colon = digestKey == null ? -1 : digestKey.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a pseudonym table key: " + digestKey);
        }
        String tag = digestKey.substring(0, colon);
        for (PiiClass kind : PiiClass.values()) {
            if (kind.tag().equals(tag)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown class in pseudonym table key: " + digestKey);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
