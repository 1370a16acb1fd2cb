package dev.doppel.dataprep.anonymize;

import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv6 addresses, full or compressed, with an embedded IPv4 tail allowed. Candidates start at a colon
 * with a hex digit or another colon beside it; the token around it is then checked whole. A candidate
 * needs a decimal digit, so {@code DBD::Pg} or {@code dead::beef} in prose are not addresses.
 */
final class Ipv6Detector implements Detector {
    private static final String H = "[0-9a-f]{1,4}";
    private static final String V4 = "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV6 = Pattern.compile("(?i)(?:"
            + "(?:" + H + ":){7}" + H
            + "|(?:" + H + ":){1,7}:"
            + "|(?:" + H + ":){1,6}:" + H
            + "|(?:" + H + ":){1,5}(?::" + H + "){1,2}"
            + "|(?:" + H + ":){1,4}(?::" + H + "){1,3}"
            + "|(?:" + H + ":){1,3}(?::" + H + "){1,4}"
            + "|(?:" + H + ":){1,2}(?::" + H + "){1,5}"
            + "|" + H + ":(?::" + H + "){1,6}"
            + "|:(?::" + H + "){1,7}"
            + "|(?:" + H + ":){6}" + V4
            + "|(?:" + H + ":){1,5}:(?:" + H + ":)?" + V4
            + "|::(?:" + H + ":){0,5}" + V4
            + ")");

    @Override
    public void detect(String text, List<Span> out) {
        int colon = text.indexOf(':');
        int claimedUpTo = 0;
        while (colon >= 0) {
            int next = colon + 1;
            if (colon >= claimedUpTo && isTrigger(text, colon)) {
                int start = colon;
                while (start > 0 && isTokenChar(text.charAt(start - 1))) {
                    start--;
                }
                int end = colon + 1;
                while (end < text.length() && isTokenChar(text.charAt(end))) {
                    end++;
                }
                while (end > colon + 1 && text.charAt(end - 1) == '.') {
                    end--; // a sentence's full stop
                }
                if (isAddress(text, start, end)) {
                    out.add(new Span(start, end, PiiClass.IP));
                    claimedUpTo = end;
                }
                next = Math.max(next, end);
            }
            colon = text.indexOf(':', next);
        }
    }

    private static boolean isTrigger(String text, int colon) {
        char before = colon > 0 ? text.charAt(colon - 1) : ' ';
        char after = colon + 1 < text.length() ? text.charAt(colon + 1) : ' ';
        return (Chars.isHexDigit(before) || before == ':') && (Chars.isHexDigit(after) || after == ':');
    }

    private static boolean isTokenChar(char c) {
        return Chars.isHexDigit(c) || c == ':' || c == '.';
    }

    private static boolean isAddress(String text, int start, int end) {
        if (Chars.isWordCharAt(text, start - 1) || Chars.isWordCharAt(text, end)) {
            return false;
        }
        boolean hasDigit = false;
        for (int i = start; i < end && !hasDigit; i++) {
            hasDigit = Chars.isAsciiDigit(text.charAt(i));
        }
        return hasDigit && IPV6.matcher(text).region(start, end).matches();
    }
}
