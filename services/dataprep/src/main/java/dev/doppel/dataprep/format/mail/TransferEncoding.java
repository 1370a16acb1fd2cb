package dev.doppel.dataprep.format.mail;

import java.util.Arrays;

/**
 * Content-Transfer-Encoding decoders that never fail: mail in the wild has stray characters in
 * base64, lone {@code =} in quoted-printable and truncated parts, and what decodes is kept.
 */
final class TransferEncoding {
    private static final byte[] BASE64 = new byte[256];

    static {
        Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
        BASE64['-'] = 62; // the URL-safe alphabet, which some senders use
        BASE64['_'] = 63;
    }

    private TransferEncoding() {
    }

    /** A decoded range: bytes [from, to) of {@code bytes}, which may be the input itself. */
    record Decoded(byte[] bytes, int from, int to) {
    }

    static Decoded decode(byte[] in, int from, int to, String encoding) {
        if (encoding == null) {
            return new Decoded(in, from, to);
        }
        String e = encoding.trim();
        if (e.equalsIgnoreCase("quoted-printable")) {
            return quotedPrintable(in, from, to);
        }
        if (e.equalsIgnoreCase("base64")) {
            return base64(in, from, to);
        }
        return new Decoded(in, from, to); // 7bit, 8bit, binary and made-up names
    }

    /** Skips anything outside the alphabet; padding closes a quantum, since some encoders concatenate padded chunks. */
    static Decoded base64(byte[] in, int from, int to) {
        byte[] out = new byte[(to - from) / 4 * 3 + 3];
        int n = 0;
        int bits = 0;
        int count = 0;
        for (int i = from; i <= to; i++) {
            int v = i < to ? BASE64[in[i] & 0xFF] : -2;
            if (v >= 0) {
                bits = (bits << 6) | v;
                if (++count == 4) {
                    out[n++] = (byte) (bits >> 16);
                    out[n++] = (byte) (bits >> 8);
                    out[n++] = (byte) bits;
                    count = 0;
                    bits = 0;
                }
            } else if (i == to || in[i] == '=') {
                if (count == 2) {
                    out[n++] = (byte) (bits >> 4);
                } else if (count == 3) {
                    out[n++] = (byte) (bits >> 10);
                    out[n++] = (byte) (bits >> 2);
                }
                count = 0;
                bits = 0;
            }
        }
        return new Decoded(out, 0, n);
    }

    /** RFC 2045 §6.7, leniently: a {@code =} not followed by two hex digits or a line end stays as is. */
    static Decoded quotedPrintable(byte[] in, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            byte b = in[i];
            if (b != '=') {
                out[n++] = b;
                i++;
                continue;
            }
            int hi = i + 1 < to ? hex(in[i + 1]) : -1;
            int lo = i + 2 < to ? hex(in[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                out[n++] = (byte) ((hi << 4) | lo);
                i += 3;
                continue;
            }
            int j = i + 1;
            while (j < to && (in[j] == ' ' || in[j] == '\t')) { // "=  \r\n": padding some encoders leave
                j++;
            }
            if (j < to && in[j] == '\r') {
                j++;
            }
            if (j == to || in[j] == '\n') {
                i = j == to ? to : j + 1; // a soft line break
                continue;
            }
            out[n++] = b;
            i++;
        }
        return new Decoded(out, 0, n);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
