package dev.doppel.dataprep.format.mail;

import java.util.Locale;

/**
 * A Content-Type (or Content-Disposition) value: the lowercased type and its parameters, quoted or
 * not. A missing or unreadable type is {@code text/plain}, RFC 2045's default.
 */
final class ContentType {
    static final ContentType TEXT_PLAIN = new ContentType("text/plain", "");

    private final String type;
    private final String params;

    private ContentType(String type, String params) {
        this.type = type;
        this.params = params;
    }

    static ContentType parse(String header) {
        if (header == null || header.isBlank()) {
            return TEXT_PLAIN;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        String params = semicolon < 0 ? "" : header.substring(semicolon + 1);
        if (type.indexOf('/') <= 0) {
            // "text" alone, or a disposition ("attachment; filename=…"), which has no subtype
            return new ContentType(type.isEmpty() || type.equals("text") ? "text/plain" : type, params);
        }
        return new ContentType(type, params);
    }

    /** {@code text/plain}, {@code multipart/alternative} … */
    String type() {
        return type;
    }

    boolean isMultipart() {
        return type.startsWith("multipart/");
    }

    boolean is(String mimeType) {
        return type.equals(mimeType);
    }

    /** The parameter's value without quotes, or null; {@code name*} (RFC 2231) counts as {@code name}. */
    String param(String name) {
        int pos = 0;
        int length = params.length();
        while (pos < length) {
            while (pos < length && " \t;".indexOf(params.charAt(pos)) >= 0) {
                pos++;
            }
            int eq = params.indexOf('=', pos);
            if (eq < 0) {
                return null;
            }
            String key = params.substring(pos, eq).strip();
            int valueStart = eq + 1;
            while (valueStart < length && params.charAt(valueStart) == ' ') {
                valueStart++;
            }
            String value;
            int next;
            if (valueStart < length && params.charAt(valueStart) == '"') {
                int close = valueStart + 1;
                while (close < length && params.charAt(close) != '"') {
                    close += params.charAt(close) == '\\' ? 2 : 1;
                }
                value = params.substring(valueStart + 1, Math.min(close, length));
                int semicolon = params.indexOf(';', Math.min(close, length));
                next = semicolon < 0 ? length : semicolon + 1;
            } else {
                int semicolon = params.indexOf(';', valueStart);
                next = semicolon < 0 ? length : semicolon + 1;
                value = params.substring(valueStart, semicolon < 0 ? length : semicolon).strip();
            }
            if (key.equalsIgnoreCase(name) || isExtended(key, name)) {
                return value;
            }
            pos = next;
        }
        return null;
    }

    private static boolean isExtended(String key, String name) {
        return key.length() > name.length() && key.regionMatches(true, 0, name, 0, name.length())
                && key.charAt(name.length()) == '*';
    }

    @Override
    public String toString() {
        return type;
    }
}
