package dev.doppel.dataprep.format.mail;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Text from an HTML mail part, for mails that have no text/plain alternative: tags dropped, block
 * elements become line breaks, whitespace collapses as a browser collapses it, entities decoded.
 * {@code <blockquote>} content (how HTML mailers quote the message replied to) comes out as
 * {@code > } lines, so that reply cleaning removes it like any other quote.
 */
final class HtmlToText {
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "xml");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol");
    private static final Set<String> BLOCKS = Set.of("div", "tr", "li", "dd", "dt", "dl", "center", "form", "address",
            "hr", "pre", "section", "article", "header", "footer", "tbody", "caption");
    private static final Map<String, String> ENTITIES = entities();

    private final String html;
    private final StringBuilder out;
    private int quoteDepth;
    private boolean preformatted;
    private boolean atLineStart = true;
    private boolean pendingSpace;

    private HtmlToText(String html) {
        this.html = html;
        this.out = new StringBuilder(html.length() / 2);
    }

    static String convert(String html) {
        HtmlToText converter = new HtmlToText(html);
        converter.run();
        return converter.out.toString();
    }

    private void run() {
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                i = tag(i);
            } else if (c == '&') {
                i = entity(i);
            } else {
                if (c == '\n' && preformatted) {
                    newline();
                } else if (Character.isWhitespace(c) && !preformatted) {
                    pendingSpace = true;
                } else if (c != '\r') {
                    text(c);
                }
                i++;
            }
        }
    }

    /** Handles the tag at {@code start} and returns where reading goes on. */
    private int tag(int start) {
        int n = html.length();
        if (html.startsWith("<!--", start)) {
            int end = html.indexOf("-->", start + 4);
            return end < 0 ? n : end + 3;
        }
        int j = start + 1;
        boolean closing = j < n && html.charAt(j) == '/';
        if (closing) {
            j++;
        }
        int nameStart = j;
        while (j < n && Character.isLetterOrDigit(html.charAt(j))) {
            j++;
        }
        if (j == nameStart && !(j < n && html.charAt(j) == '!')) {
            text('<'); // "a < b" in sloppy HTML
            return start + 1;
        }
        int end = tagEnd(j);
        String name = html.substring(nameStart, j).toLowerCase(Locale.ROOT);
        if (!closing && SKIPPED.contains(name)) {
            return skipElement(name, end);
        }
        if (name.equals("br")) {
            newline();
        } else if (name.equals("blockquote")) {
            blockBreak();
            quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
        } else if (PARAGRAPHS.contains(name)) {
            paragraph();
        } else if (BLOCKS.contains(name)) {
            blockBreak();
            if (name.equals("pre")) {
                preformatted = !closing;
            }
        } else if (name.equals("td") || name.equals("th")) {
            pendingSpace = true;
        }
        return end;
    }

    /** The index after the {@code >} closing a tag, quotes in attributes respected where they balance. */
    private int tagEnd(int from) {
        char quote = 0;
        for (int k = from; k < html.length(); k++) {
            char c = html.charAt(k);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return k + 1;
            }
        }
        int plain = html.indexOf('>', from);
        return plain < 0 ? html.length() : plain + 1;
    }

    private int skipElement(String name, int from) {
        int k = from;
        while (true) {
            int close = html.indexOf("</", k);
            if (close < 0) {
                return html.length();
            }
            if (html.regionMatches(true, close + 2, name, 0, name.length())) {
                return tagEnd(close + 2);
            }
            k = close + 2;
        }
    }

    private int entity(int start) {
        int n = html.length();
        int j = start + 1;
        while (j < n && j - start <= 32 && (Character.isLetterOrDigit(html.charAt(j)) || html.charAt(j) == '#')) {
            j++;
        }
        String name = html.substring(start + 1, j);
        String value = null;
        if (name.startsWith("#") && name.length() > 1) {
            value = codePoint(name);
        } else if (!name.isEmpty()) {
            value = ENTITIES.get(name);
            if (value == null) {
                value = ENTITIES.get(name.toLowerCase(Locale.ROOT));
            }
        }
        if (value == null) {
            text('&');
            return start + 1;
        }
        for (int k = 0; k < value.length(); k++) {
            text(value.charAt(k));
        }
        return j < n && html.charAt(j) == ';' ? j + 1 : j;
    }

    private static String codePoint(String name) {
        try {
            boolean hex = name.length() > 2 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
            int cp = hex ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
            if (cp >= 0x80 && cp <= 0x9F) {
                // HTML maps C1 references to windows-1252, as senders meant them
                return new String(new byte[] {(byte) cp}, MailCharsets.WINDOWS_1252);
            }
            boolean valid = cp > 0 && Character.isValidCodePoint(cp) && (cp < 0xD800 || cp > 0xDFFF);
            return valid ? Character.toString(cp) : null;
        } catch (NumberFormatException e) { // "&#x;" or too many digits: not a reference
            return null;
        }
    }

    private void text(char c) {
        if (atLineStart) {
            for (int k = 0; k < quoteDepth; k++) {
                out.append('>');
            }
            if (quoteDepth > 0) {
                out.append(' ');
            }
        } else if (pendingSpace) {
            out.append(' ');
        }
        out.append(c == '\u00A0' ? ' ' : c);
        atLineStart = false;
        pendingSpace = false;
    }

    private void newline() {
        out.append('\n');
        atLineStart = true;
        pendingSpace = false;
    }

    private void blockBreak() {
        if (!atLineStart) {
            newline();
        }
    }

    private void paragraph() {
        blockBreak();
        int length = out.length();
        if (length > 0 && !(length >= 2 && out.charAt(length - 2) == '\n')) {
            newline();
        }
    }

    private static Map<String, String> entities() {
        Map<String, String> map = new HashMap<>();
        // HTML 4's Latin-1 entities, U+00A0 to U+00FF in order
        String[] latin1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn"
                + " sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute"
                + " Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde"
                + " Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave"
                + " aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth"
                + " ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml")
                .split(" ");
        for (int i = 0; i < latin1.length; i++) {
            map.put(latin1[i], Character.toString(0xA0 + i));
        }
        map.put("nbsp", " ");
        map.put("amp", "&");
        map.put("lt", "<");
        map.put("gt", ">");
        map.put("quot", "\"");
        map.put("apos", "'");
        map.put("hellip", "…");
        map.put("mdash", "—");
        map.put("ndash", "–");
        map.put("lsquo", "‘");
        map.put("rsquo", "’");
        map.put("ldquo", "“");
        map.put("rdquo", "”");
        map.put("bull", "•");
        map.put("euro", "€");
        map.put("trade", "™");
        map.put("zwnj", "");
        map.put("zwj", "");
        return map;
    }
}
