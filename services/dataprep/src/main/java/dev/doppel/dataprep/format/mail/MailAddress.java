package dev.doppel.dataprep.format.mail;

import java.util.Locale;

/**
 * The first mailbox of an address header: {@code Name <addr>}, {@code "Name, Jr." <addr>},
 * {@code addr (Name)} or a bare {@code addr}.
 *
 * @param name    display name, unquoted and decoded; empty when the header has none
 * @param address lowercased address; null when there is none
 */
record MailAddress(String name, String address) {
    static final MailAddress NONE = new MailAddress("", null);

    static MailAddress parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        int open = angleOpen(header);
        if (open >= 0) {
            int close = header.indexOf('>', open);
            String address = header.substring(open + 1, close < 0 ? header.length() : close);
            return new MailAddress(displayName(header.substring(0, open)), normalize(address));
        }
        int paren = header.indexOf('(');
        if (paren >= 0) {
            int close = header.lastIndexOf(')');
            String comment = header.substring(paren + 1, close > paren ? close : header.length());
            return new MailAddress(displayName(comment), normalize(header.substring(0, paren)));
        }
        return new MailAddress("", normalize(header));
    }

    /** What to call the sender: the display name, else the address's local part. */
    String senderName() {
        if (!name.isEmpty() || address == null) {
            return name;
        }
        int at = address.indexOf('@');
        return at > 0 ? address.substring(0, at) : address;
    }

    /** The first {@code <} outside a quoted display name. */
    private static int angleOpen(String header) {
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '<' && !quoted) {
                return i;
            }
        }
        return header.indexOf('<');
    }

    private static String displayName(String raw) {
        String name = raw.strip();
        if (name.length() >= 2 && name.charAt(0) == '"' && name.charAt(name.length() - 1) == '"') {
            name = name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        name = EncodedWords.decode(name).strip();
        // Outlook quotes names twice: "'Alice Smith'" <alice@example.com>
        if (name.length() >= 2 && name.charAt(0) == '\'' && name.charAt(name.length() - 1) == '\'') {
            name = name.substring(1, name.length() - 1).strip();
        }
        return name;
    }

    private static String normalize(String address) {
        String a = address.strip();
        if (a.startsWith("mailto:")) {
            a = a.substring(7);
        }
        return a.isEmpty() ? null : a.toLowerCase(Locale.ROOT);
    }
}
