package dev.doppel.dataprep.format.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 2047 encoded words in header text ({@code =?utf-8?B?…?=}, {@code =?iso-8859-1?Q?…?=}).
 * Adjacent words in one charset are joined as bytes before decoding, because senders split a
 * multi-byte character across two words; whitespace between encoded words is dropped as the RFC says.
 * A malformed word stays as it was written.
 */
final class EncodedWords {
    private EncodedWords() {
    }

    static String decode(String text) {
        if (text == null || !text.contains("=?")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String pendingCharset = null;
        int pos = 0;
        boolean afterWord = false;
        while (pos < text.length()) {
            int start = text.indexOf("=?", pos);
            Word word = start < 0 ? null : Word.at(text, start);
            if (word == null) {
                int literalEnd = start < 0 ? text.length() : start + 2;
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(text, pos, literalEnd);
                pos = literalEnd;
                afterWord = false;
                continue;
            }
            String between = text.substring(pos, start);
            if (!(afterWord && between.isBlank())) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(between);
            }
            if (pendingCharset != null && !pendingCharset.equalsIgnoreCase(word.charset)) {
                flush(out, pending, pendingCharset);
            }
            pendingCharset = word.charset;
            word.decodeInto(text, pending);
            pos = word.end;
            afterWord = true;
        }
        flush(out, pending, pendingCharset);
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
        if (pending.size() > 0) {
            byte[] bytes = pending.toByteArray();
            out.append(MailCharsets.decode(bytes, 0, bytes.length, charset));
            pending.reset();
        }
    }

    /** One {@code =?charset?enc?text?=}: text is [textStart, textEnd), the word ends before {@code end}. */
    private record Word(String charset, char encoding, int textStart, int textEnd, int end) {
        static Word at(String s, int start) {
            int q1 = s.indexOf('?', start + 2);
            if (q1 < 0 || q1 + 2 >= s.length() || s.charAt(q1 + 2) != '?') {
                return null;
            }
            char encoding = Character.toUpperCase(s.charAt(q1 + 1));
            if (encoding != 'B' && encoding != 'Q') {
                return null;
            }
            int close = s.indexOf("?=", q1 + 3);
            if (close < 0) {
                return null;
            }
            String charset = s.substring(start + 2, q1);
            int language = charset.indexOf('*'); // RFC 2231 language suffix: =?utf-8*en?Q?…?=
            if (language >= 0) {
                charset = charset.substring(0, language);
            }
            if (charset.isEmpty() || charset.indexOf(' ') >= 0) {
                return null;
            }
            return new Word(charset, encoding, q1 + 3, close, close + 2);
        }

        void decodeInto(String s, ByteArrayOutputStream out) {
            byte[] raw = s.substring(textStart, textEnd).getBytes(StandardCharsets.ISO_8859_1);
            TransferEncoding.Decoded decoded;
            if (encoding == 'B') {
                decoded = TransferEncoding.base64(raw, 0, raw.length);
            } else {
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] == '_') {
                        raw[i] = ' ';
                    }
                }
                decoded = TransferEncoding.quotedPrintable(raw, 0, raw.length);
            }
            out.write(decoded.bytes(), decoded.from(), decoded.to() - decoded.from());
        }
    }
}
