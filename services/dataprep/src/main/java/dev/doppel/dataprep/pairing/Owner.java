package dev.doppel.dataprep.pairing;

import dev.doppel.dataprep.ChatMessage;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who "me" is: the names, addresses and phone numbers under which the tenant appears in their
 * exports. A message is mine when its sender's name or address matches any of them. Names compare
 * case- and space-insensitively, e-mail addresses case-insensitively, phone numbers by their last nine
 * digits (so {@code +44 7700 900123} and {@code 07700 900123} are the same phone), other ids
 * (Telegram's {@code user123}) exactly but case-insensitively.
 */
public final class Owner {
    private static final int PHONE_SUFFIX_DIGITS = 9;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final List<String> aliases;
    private final Set<String> names = new HashSet<>();
    private final Set<String> phoneSuffixes = new HashSet<>();

    public Owner(List<String> aliases) {
        this.aliases = aliases.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        for (String alias : this.aliases) {
            String phone = phoneSuffix(alias);
            if (phone != null) {
                phoneSuffixes.add(phone);
            } else {
                names.add(fold(alias));
            }
        }
    }

    public static Owner of(String... aliases) {
        return new Owner(List.of(aliases));
    }

    public boolean isKnown() {
        return !aliases.isEmpty();
    }

    public List<String> aliases() {
        return aliases;
    }

    public boolean isMe(ChatMessage message) {
        if (names.contains(fold(message.sender()))) {
            return true;
        }
        String address = message.senderAddress();
        if (address == null) {
            return false;
        }
        if (names.contains(fold(address))) {
            return true;
        }
        String phone = phoneSuffix(address);
        return phone != null && phoneSuffixes.contains(phone);
    }

    /** Alias strings that are names (not phone numbers or e-mail addresses), for anonymization. */
    public List<String> names() {
        return aliases.stream().filter(a -> phoneSuffix(a) == null && a.indexOf('@') < 0).toList();
    }

    static String fold(String text) {
        return WHITESPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).strip()).replaceAll(" ")
                .toLowerCase(Locale.ROOT);
    }

    /** The last nine digits of something that looks like a phone number (only digits, spaces, +-.() /), else null. */
    static String phoneSuffix(String text) {
        var digits = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if ("+-.() /\u00A0".indexOf(c) < 0) {
                return null;
            }
        }
        if (digits.length() < 7) {
            return null;
        }
        return digits.length() <= PHONE_SUFFIX_DIGITS ? digits.toString()
                : digits.substring(digits.length() - PHONE_SUFFIX_DIGITS);
    }

    @Override
    public String toString() {
        return "Owner" + aliases;
    }
}
