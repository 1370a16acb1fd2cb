package dev.doppel.dataprep.format.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * Message-IDs out of Message-ID, In-Reply-To and References, angle brackets stripped. Old mailers
 * write prose around them ({@code <id> (Alice's message of "Tue, 3 Sep")}), so only bracketed
 * tokens count when there are any; a header without brackets counts its tokens that look like ids.
 */
final class MessageIds {
    private MessageIds() {
    }

    /** The Message-ID itself, which is kept even when a sender wrote it without brackets or an {@code @}. */
    static String own(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.indexOf('<') >= 0) {
            return first(header);
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    static String first(String header) {
        List<String> ids = all(header);
        return ids.isEmpty() ? null : ids.getFirst();
    }

    static List<String> all(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(2);
        int pos = header.indexOf('<');
        if (pos < 0) {
            for (String token : header.trim().split("[\\s,]+")) {
                if (token.indexOf('@') > 0) {
                    ids.add(token);
                }
            }
            return ids;
        }
        while (pos >= 0) {
            int close = header.indexOf('>', pos + 1);
            if (close < 0) {
                break;
            }
            String id = header.substring(pos + 1, close).strip();
            if (!id.isEmpty()) {
                ids.add(id);
            }
            pos = header.indexOf('<', close + 1);
        }
        return ids;
    }
}
