package dev.doppel.lm;

/**
 * Computes next-token logits for sequences that grow one token at a time. Implementations: {@code WindowDecoder}
 * (DJL, recomputes the whole window per token, the reference) and {@code CachedDecoder} (plain Java with a KV
 * cache, the serving path). Both follow the same context policy, so they produce the same logits.
 *
 * <p>Context policy: a session's context holds at most {@code blockSize} tokens. {@link #start} keeps the last
 * {@code blockSize} tokens of the prompt. When an append would overflow, the context keeps its last
 * {@link #keptOnOverflow keptOnOverflow(blockSize)} tokens before taking the new one, and is recomputed (the
 * positions change, so a cache cannot just slide).
 */
public interface Decoder {

    /** A new session whose context is the prompt (at least one token). */
    DecodeSession start(int[] prompt);

    int vocabSize();

    int blockSize();

    /** How many tokens of a full context survive an overflow: half the window, so overflows are rare. */
    static int keptOnOverflow(int blockSize) {
        return Math.max(1, blockSize / 2);
    }

    /** One growing sequence. Not thread-safe; use one per stream (or per beam). */
    interface DecodeSession {

        /** Logits for the token after the current context, {@code vocabSize} long; valid until the next append. */
        float[] logits();

        /** Appends a token to the context and computes the logits that follow it. */
        void append(int token);

        /** An independent copy with the same context and logits (beam search forks sessions). */
        DecodeSession fork();

        /** Number of tokens in the context now. */
        int contextLength();
    }
}
