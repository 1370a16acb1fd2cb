package dev.doppel.platform;

/** Text fitted to the bounded columns that error messages and parameters are stored in. */
public final class Text {

    /** {@code text} cut to at most {@code max} characters, the cut marked with an ellipsis; null stays null. */
    public static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private Text() {
    }
}
