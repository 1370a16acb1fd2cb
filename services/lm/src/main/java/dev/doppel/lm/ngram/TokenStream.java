package dev.doppel.lm.ngram;

import java.util.Arrays;

/** Training sequences as one int stream, each sequence behind a begin-of-sequence marker. */
final class TokenStream {

    private TokenStream() {
    }

    /** @param bos the marker; {@code vocabSize}, so it can never be confused with a real token */
    static int[] of(Iterable<int[]> sequences, int bos) {
        int[] stream = new int[1 << 16];
        int length = 0;
        int index = 0;
        for (int[] sequence : sequences) {
            if (length + sequence.length + 1 > stream.length) {
                long wanted = Math.max((long) stream.length * 3 / 2, (long) length + sequence.length + 1);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("more than " + (Integer.MAX_VALUE - 8) + " training tokens");
                }
                stream = Arrays.copyOf(stream, (int) wanted);
            }
            stream[length++] = bos;
            for (int position = 0; position < sequence.length; position++) {
                int token = sequence[position];
                if (token < 0 || token >= bos) {
                    throw new IllegalArgumentException("sequence " + index + ", position " + position + ": token "
                            + token + " is outside the vocabulary [0, " + bos + ")");
                }
                stream[length++] = token;
            }
            index++;
        }
        return Arrays.copyOf(stream, length);
    }
}
