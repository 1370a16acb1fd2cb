package dev.doppel.lm.bench;

import dev.doppel.lm.CachedDecoder;
import dev.doppel.lm.Decoder;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.Tensor;
import dev.doppel.lm.kernels.Kernels;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Single-stream greedy decoding speed of {@link CachedDecoder} on random GPT-2-initialized weights. A run
 * starts a session on a 1-token prompt and appends the argmax token until the context is full
 * ({@code blockSize - 1} appends); its speed is appends per second of wall time. Runs are repeated, after as
 * many warm-up runs, and the median is reported, because the machine is shared and timings are noisy.
 *
 * <p>CLI: {@code java --add-modules jdk.incubator.vector -cp <lm classes> dev.doppel.lm.bench.DecodeBenchmark
 * [tokens]} prints the small and medium configurations with each kernel and 1 or 2 threads. Without
 * {@code --add-modules} only the scalar kernels run.
 */
public final class DecodeBenchmark {

    /** Vocabulary of the reference measurements (llama2.c's run.c on the same configurations). */
    public static final int VOCAB = 96;

    private DecodeBenchmark() {
    }

    /** d=128, 4 layers, 4 heads, context 128: target 10,000 tokens/s on 2 cores. */
    public static GptConfig small() {
        return new GptConfig(4, 4, 128, 128, VOCAB, 0f, true);
    }

    /** d=256, 6 layers, 8 heads, context 256: target 1,800 tokens/s on 2 cores. */
    public static GptConfig medium() {
        return new GptConfig(6, 8, 256, 256, VOCAB, 0f, true);
    }

    /** Median tokens/s with the best kernels this JVM has, on one thread. */
    public static double tokensPerSecond(GptConfig config, int tokens, long seed) {
        return tokensPerSecond(config, tokens, seed, Kernels.best(), 1);
    }

    /**
     * Median tokens/s over runs that together decode at least {@code tokens} tokens (and at least 5 runs),
     * after as many warm-up runs.
     */
    public static double tokensPerSecond(GptConfig config, int tokens, long seed, Kernels kernels, int threads) {
        int perRun = config.blockSize() - 1;
        int runs = Math.max(5, (tokens + perRun - 1) / perRun);
        try (CachedDecoder decoder = new CachedDecoder(config, randomStateDict(config, seed), kernels, threads)) {
            for (int i = 0; i < runs; i++) {
                run(decoder);
            }
            double[] rates = new double[runs];
            for (int i = 0; i < runs; i++) {
                rates[i] = run(decoder);
            }
            Arrays.sort(rates);
            return rates[runs / 2];
        }
    }

    private static double run(Decoder decoder) {
        Decoder.DecodeSession session = decoder.start(new int[] {1});
        int appends = decoder.blockSize() - 1;
        long start = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            session.append(argmax(session.logits()));
        }
        return appends / ((System.nanoTime() - start) / 1e9);
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * A GPT-2 state dict as {@code LanguageModel.stateDict()} lays it out, initialized as LanguageModel does:
     * weights N(0, 0.02), residual projections N(0, 0.02 / sqrt(2 nLayer)), biases 0, LayerNorm gains 1.
     */
    public static Map<String, Tensor> randomStateDict(GptConfig config, long seed) {
        Random random = new Random(seed);
        int c = config.nEmbd();
        double residualStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("wte.weight", gaussian(random, 0.02, config.vocabSize(), c));
        state.put("wpe.weight", gaussian(random, 0.02, config.blockSize(), c));
        for (int i = 0; i < config.nLayer(); i++) {
            String p = "h." + i + ".";
            layerNorm(state, p + "ln_1", c);
            linear(state, config, p + "attn.c_attn", gaussian(random, 0.02, c, 3 * c));
            linear(state, config, p + "attn.c_proj", gaussian(random, residualStd, c, c));
            layerNorm(state, p + "ln_2", c);
            linear(state, config, p + "mlp.c_fc", gaussian(random, 0.02, c, 4 * c));
            linear(state, config, p + "mlp.c_proj", gaussian(random, residualStd, 4 * c, c));
        }
        layerNorm(state, "ln_f", c);
        return state;
    }

    private static Tensor gaussian(Random random, double std, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return new Tensor(new long[] {rows, cols}, values);
    }

    private static void linear(Map<String, Tensor> state, GptConfig config, String name, Tensor weight) {
        state.put(name + ".weight", weight);
        if (config.bias()) {
            state.put(name + ".bias", new Tensor(new long[] {weight.shape()[1]}, new float[(int) weight.shape()[1]]));
        }
    }

    private static void layerNorm(Map<String, Tensor> state, String name, int c) {
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        state.put(name + ".weight", new Tensor(new long[] {c}, ones));
        state.put(name + ".bias", new Tensor(new long[] {c}, new float[c]));
    }

    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        System.out.printf("Java %s, %d cores, Vector API %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Kernels.vectorAvailable() ? "available" : "absent (start with --add-modules jdk.incubator.vector)");
        Kernels[] kernels = Kernels.vectorAvailable()
                ? new Kernels[] {Kernels.vector(), Kernels.scalar()}
                : new Kernels[] {Kernels.scalar()};
        Map<String, GptConfig> configs = new LinkedHashMap<>();
        configs.put("small", small());
        configs.put("medium", medium());
        for (Map.Entry<String, GptConfig> entry : configs.entrySet()) {
            GptConfig config = entry.getValue();
            for (Kernels kernel : kernels) {
                for (int threads = 1; threads <= 2; threads++) {
                    double rate = tokensPerSecond(config, tokens, 1, kernel, threads);
                    System.out.printf("%-6s d=%d L=%d H=%d ctx=%d V=%d | %-10s | %d thread%s | %,8.0f tokens/s%n",
                            entry.getKey(), config.nEmbd(), config.nLayer(), config.nHead(), config.blockSize(),
                            config.vocabSize(), kernel.name(), threads, threads == 1 ? " " : "s", rate);
                }
            }
        }
    }
}
