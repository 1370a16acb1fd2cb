package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/**
 * The reference decoder: DJL's forward pass over the whole context for every token, no cache, logits of the
 * last position. Slow (the work per token grows with the context, and each forward pays JNI overhead), but it
 * is {@link LanguageModel}'s own arithmetic, so {@link CachedDecoder} is tested against it.
 *
 * <p>Each forward runs with autograd off in an NDManager that is closed before the call returns, so a
 * session holds only Java arrays and needs no closing. Reading the model from several sessions and threads
 * at once is safe; the model must stay open and untrained while its sessions are in use.
 */
public final class WindowDecoder implements Decoder {

    private final LanguageModel model;

    public WindowDecoder(LanguageModel model) {
        this.model = model;
    }

    @Override
    public DecodeSession start(int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("prompt is empty; a session needs at least one token");
        }
        for (int i = 0; i < prompt.length; i++) {
            checkToken(prompt[i], "prompt position " + i);
        }
        int from = Math.max(0, prompt.length - blockSize());
        return new Session(Arrays.copyOfRange(prompt, from, prompt.length));
    }

    @Override
    public int vocabSize() {
        return model.config().vocabSize();
    }

    @Override
    public int blockSize() {
        return model.config().blockSize();
    }

    private void checkToken(int token, String where) {
        if (token < 0 || token >= vocabSize()) {
            throw new IllegalArgumentException("token " + token + " at " + where + " is outside the vocabulary [0, "
                    + vocabSize() + ")");
        }
    }

    /** Logits after the last of these tokens (at most blockSize), from one forward pass over all of them. */
    private float[] lastLogits(int[] context) {
        long[] ids = Arrays.stream(context).asLongStream().toArray();
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
            ParameterStore parameterStore = new ParameterStore(manager, false);
            NDArray input = manager.create(ids, new Shape(1, ids.length));                        // (1, T)
            NDArray logits = model.forward(parameterStore, input, false);                         // (1, T, V)
            return logits.get(0, ids.length - 1).toFloatArray();                                 // (V)
        }
    }

    private final class Session implements DecodeSession {

        private int[] context;
        private float[] logits;

        Session(int[] context) {
            this.context = context;
            this.logits = lastLogits(context);
        }

        private Session(int[] context, float[] logits) {
            this.context = context;
            this.logits = logits;
        }

        @Override
        public float[] logits() {
            return logits;
        }

        @Override
        public void append(int token) {
            checkToken(token, "append after " + context.length + " tokens");
            int kept = context.length < blockSize() ? context.length : Decoder.keptOnOverflow(blockSize());
            int[] next = Arrays.copyOfRange(context, context.length - kept, context.length + 1);
            next[kept] = token;
            context = next;
            logits = lastLogits(context);
        }

        @Override
        public DecodeSession fork() {
            return new Session(context.clone(), logits.clone());
        }

        @Override
        public int contextLength() {
            return context.length;
        }
    }
}
