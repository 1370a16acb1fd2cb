package dev.doppel.lm;

import dev.doppel.lm.kernels.Epilogue;
import dev.doppel.lm.kernels.Kernels;
import dev.doppel.lm.kernels.PackedLinear;
import dev.doppel.lm.kernels.Team;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The serving decoder: the GPT's forward pass in plain Java over fp32 copies of the weights, with a key/value
 * cache per session, so that each appended token costs one position's work. No DJL and no native memory:
 * weights come from a GPT-2 state dict ({@link LanguageModel#stateDict()}, or a safetensors file), so the
 * model can be closed after construction. Same context policy as {@link Decoder}, so the logits match
 * {@link WindowDecoder}'s (within 1e-4; CachedDecoderTest). Prompts, and the kept half of the context after an
 * overflow, run {@link #ROWS} tokens per pass, which gives the same bits as one at a time, faster.
 *
 * <p>Arithmetic runs on {@link Kernels}: the Vector API when the JVM has {@code jdk.incubator.vector}, else
 * scalar loops. Results are deterministic: the same tokens give the same logits whatever the kernels' JIT
 * state, batching or thread count. With {@code threads > 1} every matrix-vector product and the attention
 * heads are split across a {@link Team}; one session at a time uses the team, others run on their own thread
 * meanwhile. On 2 shared cores (DecodeBenchmark) a second thread made decoding 1.5-1.9x faster while the
 * other core was idle, but 2.5x slower in a run where other processes kept both cores busy (a helper that is
 * descheduled mid-part stalls the step), so one thread is the default.
 *
 * <p>The decoder is immutable and thread-safe; sessions are not (one per stream). Close the decoder to stop
 * the team's helper threads (they are daemons, and park when idle); sessions then carry on single-threaded.
 */
public final class CachedDecoder implements Decoder, AutoCloseable {

    private static final float LAYER_NORM_EPS = 1e-5f;
    /** Tokens per forward pass when a prompt is prefilled: each weight is loaded once for up to this many. */
    static final int ROWS = 16;

    private final GptConfig config;
    private final Kernels kernels;
    private final int width;      // C
    private final int headSize;   // C / nHead
    private final int keyStride;  // blockSize rounded up to whole vectors: one row of transposed keys
    private final float[] tokenEmbedding;    // (V, C)
    private final float[] positionEmbedding; // (blockSize, C)
    private final Layer[] layers;
    private final float[] lnFGain;
    private final float[] lnFBias;
    private final PackedLinear lmHead; // (C, V): the tied wte, transposed once
    private final Team team;           // null with one thread
    private final ReentrantLock teamLock = new ReentrantLock();

    private record Layer(float[] ln1Gain, float[] ln1Bias, PackedLinear attn, PackedLinear attnProj,
                         float[] ln2Gain, float[] ln2Bias, PackedLinear fc, PackedLinear mlpProj) {
    }

    /** Copies the model's weights; the fastest kernels this JVM has, one thread. */
    public CachedDecoder(LanguageModel model) {
        this(model.config(), model.stateDict(), Kernels.best(), 1);
    }

    /** A decoder over a GPT-2 state dict as {@link LanguageModel#stateDict()} writes it; best kernels, one thread. */
    public CachedDecoder(GptConfig config, Map<String, Tensor> stateDict) {
        this(config, stateDict, Kernels.best(), 1);
    }

    /**
     * @param stateDict every tensor under its GPT-2 name, linear weights {@code (in, out)}; strict: a missing,
     *     misshapen or unknown tensor fails naming it. With {@code bias=false}, LayerNorm biases may be absent or zero.
     * @param kernels {@link Kernels#best()}, or a specific implementation (tests compare them)
     * @param threads threads per decoding step, the caller included
     */
    public CachedDecoder(GptConfig config, Map<String, Tensor> stateDict, Kernels kernels, int threads) {
        this.config = config;
        this.kernels = kernels;
        this.width = config.nEmbd();
        this.headSize = config.headSize();
        int lanes = kernels.vectorLength();
        this.keyStride = (config.blockSize() + lanes - 1) / lanes * lanes;
        StateReader state = new StateReader(stateDict);
        int c = width;
        tokenEmbedding = state.require("wte.weight", config.vocabSize(), c).clone();
        positionEmbedding = state.require("wpe.weight", config.blockSize(), c).clone();
        layers = new Layer[config.nLayer()];
        for (int i = 0; i < layers.length; i++) {
            String p = "h." + i + ".";
            layers[i] = new Layer(
                    state.require(p + "ln_1.weight", c).clone(), layerNormBias(state, p + "ln_1.bias"),
                    linear(state, p + "attn.c_attn", c, 3 * c), linear(state, p + "attn.c_proj", c, c),
                    state.require(p + "ln_2.weight", c).clone(), layerNormBias(state, p + "ln_2.bias"),
                    linear(state, p + "mlp.c_fc", c, 4 * c), linear(state, p + "mlp.c_proj", 4 * c, c));
        }
        lnFGain = state.require("ln_f.weight", c).clone();
        lnFBias = layerNormBias(state, "ln_f.bias");
        lmHead = kernels.pack(new Tensor(new long[] {config.vocabSize(), c}, tokenEmbedding).transpose2d().data(),
                null, c, config.vocabSize());
        state.requireAllUsed();
        this.team = threads > 1 ? new Team(threads, "cached-decoder") : null;
    }

    private PackedLinear linear(StateReader state, String name, int in, int out) {
        float[] weight = state.require(name + ".weight", in, out);
        float[] bias = config.bias() ? state.require(name + ".bias", out) : null;
        return kernels.pack(weight, bias, in, out);
    }

    /**
     * Without bias, LayerNorms have no shift: a state dict may leave it out or hold zeros (as
     * {@link LanguageModel#stateDict()} does), but a non-zero shift would be silently dropped, so it fails.
     */
    private float[] layerNormBias(StateReader state, String name) {
        if (config.bias()) {
            return state.require(name, width).clone();
        }
        if (state.has(name)) {
            for (float value : state.require(name, width)) {
                if (value != 0f) {
                    throw new IllegalArgumentException("tensor " + name + " is not zero, but the config has bias=false");
                }
            }
        }
        return null;
    }

    @Override
    public DecodeSession start(int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("prompt is empty; a session needs at least one token");
        }
        for (int i = 0; i < prompt.length; i++) {
            if (outsideVocabulary(prompt[i])) {
                throw outsideVocabulary(prompt[i], "prompt position " + i);
            }
        }
        Session session = new Session();
        int from = Math.max(0, prompt.length - config.blockSize());
        session.prefill(Arrays.copyOfRange(prompt, from, prompt.length));
        return session;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int blockSize() {
        return config.blockSize();
    }

    public Kernels kernels() {
        return kernels;
    }

    /** Threads per decoding step, the caller included. */
    public int threads() {
        return team == null ? 1 : team.size();
    }

    @Override
    public void close() {
        if (team != null) {
            team.close();
        }
    }

    private boolean outsideVocabulary(int token) {
        return token < 0 || token >= config.vocabSize();
    }

    private IllegalArgumentException outsideVocabulary(int token, String where) {
        return new IllegalArgumentException("token " + token + " at " + where + " is outside the vocabulary [0, "
                + config.vocabSize() + ")");
    }

    /** One growing sequence: its tokens, its cache, and scratch space for a forward pass of up to ROWS tokens. */
    private final class Session implements DecodeSession {

        private final int[] tokens = new int[config.blockSize()];
        private int length;
        private final float[][] keysT;  // per layer (C, keyStride): key channel c of position p at c * keyStride + p
        private final float[][] values; // per layer (nHead, blockSize, headSize)
        private final float[] logits = new float[config.vocabSize()];

        // scratch, one row per token, rows as wide as the kernels' padded outputs
        private final int xStride;
        private final int qkvStride;
        private final int hiddenStride;
        private final float[] x;        // (ROWS, C) residual stream
        private final float[] h;        // (ROWS, C) LayerNorm output
        private final float[] qkv;      // (ROWS, 3C)
        private final float[] y;        // (ROWS, C) attention output, heads side by side
        private final float[] hidden;   // (ROWS, 4C) MLP activations
        private final float[][] scores; // (nHead, keyStride)
        private final float[] logitsPadded;
        private final int[] appended = new int[1];

        // what the team's tasks work on; set before each run
        private Layer layer;
        private int layerIndex;
        private int position; // of the first row
        private int rows;

        // the steps a team splits, created once (they read the fields above when they run)
        private final Team.Task attnTask;
        private final Team.Task headsTask;
        private final Team.Task attnProjTask;
        private final Team.Task fcTask;
        private final Team.Task mlpProjTask;
        private final Team.Task lmHeadTask;

        Session() {
            int nLayer = config.nLayer();
            keysT = new float[nLayer][width * keyStride];
            values = new float[nLayer][config.blockSize() * width];
            xStride = Math.max(width, layers[0].attnProj().paddedOut());
            qkvStride = layers[0].attn().paddedOut();
            hiddenStride = layers[0].fc().paddedOut();
            x = new float[ROWS * xStride];
            h = new float[ROWS * width];
            qkv = new float[ROWS * qkvStride];
            y = new float[ROWS * width];
            hidden = new float[ROWS * hiddenStride];
            scores = new float[config.nHead()][keyStride];
            logitsPadded = new float[lmHead.paddedOut()];
            attnTask = (part, parts) -> linear(layer.attn(), h, width, qkv, qkvStride, Epilogue.STORE, rows, part, parts);
            headsTask = this::attendHeads;
            attnProjTask = (part, parts) -> linear(layer.attnProj(), y, width, x, xStride, Epilogue.ADD, rows, part, parts);
            fcTask = (part, parts) -> linear(layer.fc(), h, width, hidden, hiddenStride, Epilogue.GELU, rows, part, parts);
            mlpProjTask = (part, parts) -> linear(layer.mlpProj(), hidden, hiddenStride, x, xStride, Epilogue.ADD, rows, part, parts);
            lmHeadTask = (part, parts) -> linear(lmHead, h, width, logitsPadded, 0, Epilogue.STORE, 1, part, parts);
        }

        /** A copy of another session: the same tokens, cache prefix and logits. */
        Session(Session other) {
            this();
            length = other.length;
            System.arraycopy(other.tokens, 0, tokens, 0, length);
            System.arraycopy(other.logits, 0, logits, 0, logits.length);
            int blockSize = config.blockSize();
            for (int l = 0; l < keysT.length; l++) {
                for (int c = 0; c < width; c++) {
                    System.arraycopy(other.keysT[l], c * keyStride, keysT[l], c * keyStride, length);
                }
                for (int head = 0; head < config.nHead(); head++) {
                    int from = head * blockSize * headSize;
                    System.arraycopy(other.values[l], from, values[l], from, length * headSize);
                }
            }
        }

        @Override
        public float[] logits() {
            return logits;
        }

        @Override
        public void append(int token) {
            if (outsideVocabulary(token)) {
                throw outsideVocabulary(token, "append after " + length + " tokens");
            }
            if (length < config.blockSize()) {
                appended[0] = token;
                forward(appended, 0, 1, true);
                return;
            }
            // Overflow: keep the tail, and recompute it, since every kept token moves to a new position.
            int kept = Decoder.keptOnOverflow(config.blockSize());
            int[] context = Arrays.copyOfRange(tokens, length - kept, length + 1);
            context[kept] = token;
            prefill(context);
        }

        @Override
        public DecodeSession fork() {
            return new Session(this);
        }

        @Override
        public int contextLength() {
            return length;
        }

        /** Replaces the context with these tokens (at most blockSize) and computes the logits after the last. */
        void prefill(int[] context) {
            length = 0;
            for (int from = 0; from < context.length; from += ROWS) {
                int count = Math.min(ROWS, context.length - from);
                forward(context, from, count, from + count == context.length);
            }
        }

        /**
         * Runs {@code count <= ROWS} tokens at positions {@code length ..} through the model, one row each, and
         * appends them to the cache. Batching changes the speed, not the result: every row is computed as if alone.
         */
        private void forward(int[] context, int from, int count, boolean computeLogits) {
            position = length;
            rows = count;
            for (int r = 0; r < rows; r++) {
                int token = context[from + r];
                tokens[position + r] = token;
                int tok = token * width;
                int pos = (position + r) * width;
                int row = r * xStride;
                for (int c = 0; c < width; c++) {
                    x[row + c] = tokenEmbedding[tok + c] + positionEmbedding[pos + c];         // (C)
                }
            }
            Team helpers = team != null && teamLock.tryLock() ? team : null;
            try {
                for (int l = 0; l < layers.length; l++) {
                    layerIndex = l;
                    layer = layers[l];
                    layerNorm(layer.ln1Gain(), layer.ln1Bias());                                      // (T, C)
                    run(helpers, attnTask);                                                           // (T, 3C)
                    run(helpers, headsTask);                                                          // (T, C)
                    run(helpers, attnProjTask);                                                       // x += (T, C)
                    layerNorm(layer.ln2Gain(), layer.ln2Bias());                                      // (T, C)
                    run(helpers, fcTask);                                                             // (T, 4C)
                    run(helpers, mlpProjTask);                                                        // x += (T, C)
                }
                length = position + rows;
                if (computeLogits) {
                    kernels.layerNorm(x, (rows - 1) * xStride, width, lnFGain, lnFBias, LAYER_NORM_EPS, h, 0); // (C)
                    run(helpers, lmHeadTask);                                                                  // (V)
                    System.arraycopy(logitsPadded, 0, logits, 0, logits.length);
                }
            } finally {
                if (helpers != null) {
                    teamLock.unlock();
                }
            }
        }

        private void layerNorm(float[] gain, float[] bias) {
            for (int r = 0; r < rows; r++) {
                kernels.layerNorm(x, r * xStride, width, gain, bias, LAYER_NORM_EPS, h, r * width);
            }
        }

        /** Alone, the task is one part; on a team, one part per thread (for locality, the same part each time). */
        private void run(Team helpers, Team.Task task) {
            if (helpers == null) {
                task.run(0, 1);
            } else {
                helpers.run(task, helpers.size());
            }
        }

        /** Part {@code part} of the layer's output blocks, for the first {@code count} rows. */
        private void linear(PackedLinear w, float[] in, int inStride, float[] out, int outStride, Epilogue epilogue, int count,
                            int part, int parts) {
            int blocks = w.blocks();
            kernels.linearRows(w, in, 0, inStride, count, out, 0, outStride,
                    blocks * part / parts, blocks * (part + 1) / parts, epilogue);
        }

        /** Heads of part {@code part}, row by row: cache the row's key and value, then attend over positions 0..row. */
        private void attendHeads(int part, int parts) {
            int nHead = config.nHead();
            float scale = (float) (1.0 / Math.sqrt(headSize));
            float[] keys = keysT[layerIndex];
            float[] vals = values[layerIndex];
            for (int head = nHead * part / parts; head < nHead * (part + 1) / parts; head++) {
                int cache = head * config.blockSize() * headSize;
                float[] s = scores[head];
                for (int r = 0; r < rows; r++) {
                    int now = position + r;
                    int q = r * qkvStride + head * headSize;
                    int k = q + width;
                    int v = q + 2 * width;
                    for (int c = 0; c < headSize; c++) {
                        keys[(head * headSize + c) * keyStride + now] = qkv[k + c];
                        qkv[q + c] *= scale; // (q / sqrt(hs)) . k: scaling hs values instead of n scores
                    }
                    System.arraycopy(qkv, v, vals, cache + now * headSize, headSize);
                    kernels.attentionScores(qkv, q, headSize, keys, head * headSize * keyStride, keyStride, now + 1, s); // (n)
                    kernels.softmax(s, now + 1);                                                                        // (n)
                    kernels.weightedSum(s, now + 1, vals, cache, headSize, y, r * width + head * headSize);             // (hs)
                }
            }
        }
    }

    /** Reads tensors by GPT-2 name, checking shapes, and remembers which were read. */
    private static final class StateReader {
        private final Map<String, Tensor> state;
        private final Set<String> used = new HashSet<>();

        StateReader(Map<String, Tensor> state) {
            this.state = state;
        }

        float[] require(String name, long... shape) {
            Tensor tensor = state.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException("tensor " + name + " is missing from the state dict");
            }
            if (!tensor.sameShape(shape)) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(tensor.shape())
                        + ", the config expects " + Arrays.toString(shape));
            }
            used.add(name);
            return tensor.data();
        }

        boolean has(String name) {
            return state.containsKey(name);
        }

        void requireAllUsed() {
            for (String name : state.keySet()) {
                if (!used.contains(name)) {
                    throw new IllegalArgumentException("tensor " + name + " has no place in this model");
                }
            }
        }
    }
}
