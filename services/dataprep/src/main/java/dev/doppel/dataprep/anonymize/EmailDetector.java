package dev.doppel.dataprep.anonymize;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses, found from their {@code @}: the pattern is tried only where an address can start,
 * so text without {@code @} costs one {@code indexOf}. Domains need a dot (a bare {@code alice@home}
 * in chat is more often a place than an address).
 */
final class EmailDetector implements Detector {
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\p{N}._%+'=-]+@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,62}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63}");
    private static final int MAX_LOCAL_PART = 128;

    @Override
    public void detect(String text, List<Span> out) {
        int at = text.indexOf('@');
        if (at < 0) {
            return;
        }
        Matcher matcher = EMAIL.matcher(text);
        int claimedUpTo = 0;
        while (at >= 0) {
            int start = at;
            while (start > claimedUpTo && at - start < MAX_LOCAL_PART && isLocalPartChar(text.charAt(start - 1))) {
                start--;
            }
            // quotes and dots around an address belong to the sentence, not the address
            while (start < at && (text.charAt(start) == '.' || text.charAt(start) == '\'')) {
                start++;
            }
            matcher.region(start, text.length());
            if (start < at && matcher.lookingAt()) {
                out.add(new Span(start, matcher.end(), PiiClass.EMAIL));
                claimedUpTo = matcher.end();
                at = text.indexOf('@', claimedUpTo);
            } else {
                at = text.indexOf('@', at + 1);
            }
        }
    }

    private static boolean isLocalPartChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '\''
                || c == '=' || c == '-';
    }
}
