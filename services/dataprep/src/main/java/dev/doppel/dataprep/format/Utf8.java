package dev.doppel.dataprep.format;

/**
 * Strict UTF-8 checks on raw bytes (RFC 3629: no overlongs, surrogates or truncated sequences), for
 * every place that must know before decoding: line readers naming the bad byte, format detection,
 * mojibake repair, and mail bodies whose charset label is missing or not to be trusted.
 */
public final class Utf8 {
    private Utf8() {
    }

    public static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValid(byte[] bytes, int from, int to) {
        return firstInvalidByte(bytes, from, to) < 0;
    }

    /** Index of the first byte that starts no well-formed UTF-8 sequence (RFC 3629), or -1. */
    public static int firstInvalidByte(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + need >= to) { // truncated sequence
                return i;
            }
            int cp = b & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += need + 1;
        }
        return -1;
    }
}
