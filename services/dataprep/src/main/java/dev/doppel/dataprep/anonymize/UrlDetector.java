package dev.doppel.dataprep.anonymize;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code http(s)://}, {@code ftp://} and {@code www.} addresses. Sentence punctuation after a URL is
 * not part of it, nor is a closing parenthesis that opened before the URL.
 */
final class UrlDetector implements Detector {
    private static final Pattern URL = Pattern.compile(
            "(?i)\\b(?:(?:https?|ftp)://|www\\.)[^\\s<>\"'`{}|\\\\^\\[\\]]+");
    private static final int LONGEST_SCHEME = "https".length();

    @Override
    public void detect(String text, List<Span> out) {
        int from = firstCandidate(text);
        if (from < 0) {
            return;
        }
        Matcher matcher = URL.matcher(text);
        int searchFrom = from;
        while (matcher.find(searchFrom)) {
            int end = trimTrailingPunctuation(text, matcher.start(), matcher.end());
            if (end - matcher.start() > schemeLength(text, matcher.start())) {
                out.add(new Span(matcher.start(), end, PiiClass.URL));
            }
            searchFrom = matcher.end();
        }
    }

    /** Where the pattern can first match, or -1: most texts hold no URL and then need no regex scan. */
    private static int firstCandidate(String text) {
        int scheme = text.indexOf("://");
        int www = indexOfWww(text);
        if (scheme < 0) {
            return www;
        }
        int schemeStart = Math.max(0, scheme - LONGEST_SCHEME);
        return www < 0 ? schemeStart : Math.min(schemeStart, www);
    }

    private static int indexOfWww(String text) {
        for (int dot = text.indexOf('.', 3); dot >= 0; dot = text.indexOf('.', dot + 1)) {
            if (text.regionMatches(true, dot - 3, "www", 0, 3)) {
                return dot - 3;
            }
        }
        return -1;
    }

    private static int schemeLength(String text, int start) {
        int slashes = text.indexOf("://", start);
        return slashes >= 0 && slashes - start <= LONGEST_SCHEME ? slashes - start + 3 : "www.".length();
    }

    private static int trimTrailingPunctuation(String text, int start, int end) {
        while (end > start) {
            char last = text.charAt(end - 1);
            if (last == ')' && isBalanced(text, start, end)) {
                break;
            }
            if (".,;:!?)*".indexOf(last) < 0) {
                break;
            }
            end--;
        }
        return end;
    }

    private static boolean isBalanced(String text, int start, int end) {
        int balance = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            balance += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return balance >= 0;
    }
}
