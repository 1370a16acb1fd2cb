package dev.doppel.dataprep.dedupe;

/**
 * MurmurHash3 x64 128-bit over a string's UTF-16LE code units, read straight from the string (no byte
 * array). Equal to the reference implementation run on {@code text.getBytes(UTF_16LE)}.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    /** The 128-bit hash as two longs: {@code [h1, h2]}. */
    static long[] hash128(String text, long seed) {
        int chars = text.length();
        long h1 = seed;
        long h2 = seed;
        int blocks = chars / 8; // 16 bytes per block
        for (int block = 0; block < blocks; block++) {
            int at = block * 8;
            long k1 = pack(text, at, 4);
            long k2 = pack(text, at + 4, 4);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 8;
        int rest = chars - tail;
        if (rest > 4) {
            h2 ^= mixK2(pack(text, tail + 4, rest - 4));
        }
        if (rest > 0) {
            h1 ^= mixK1(pack(text, tail, Math.min(rest, 4)));
        }
        long length = 2L * chars;
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    /** Up to four UTF-16 code units, little-endian, as one 64-bit word. */
    private static long pack(String text, int at, int count) {
        long word = 0;
        for (int i = count - 1; i >= 0; i--) {
            word = (word << 16) | text.charAt(at + i);
        }
        return word;
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
