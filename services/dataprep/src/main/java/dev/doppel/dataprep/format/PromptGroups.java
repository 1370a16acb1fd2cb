package dev.doppel.dataprep.format;

/**
 * The split group of a ready-made pair: its prompt with whitespace collapsed, trimmed and lower-cased,
 * so "Lunch?" and " lunch? " land in the same split and never leak from train into test.
 */
public final class PromptGroups {
    private PromptGroups() {
    }

    public static String normalize(String prompt) {
        var out = new StringBuilder(prompt.length());
        boolean pendingSpace = false;
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
