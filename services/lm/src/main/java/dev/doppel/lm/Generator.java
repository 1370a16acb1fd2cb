package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;

/**
 * Writes the owner's reply to a prompt: formats {@code <user> prompt <assistant>}, then samples one token at a
 * time until {@code <end>}, {@code maxTokens}, or another special token. When the context is full it keeps
 * the last {@code blockSize} tokens. No KV cache yet: each token re-reads the whole window.
 *
 * <p>Thread-safe without locking: each call owns its NDManager, ParameterStore and Random, runs with
 * autograd off on its own thread, and only reads the model's parameters. Do not train the model while
 * replying from it.
 */
public final class Generator {

    private Generator() {
    }

    /** What one reply produced: the text, its token counts, and why it stopped. */
    public record Generation(String text, int promptTokens, int completionTokens, FinishReason finishReason) {
    }

    /** OpenAI's finish reasons: {@code stop} at the end-of-turn token, {@code length} at maxTokens. */
    public enum FinishReason {
        STOP, LENGTH;

        public String openAiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static String reply(LanguageModel model, String prompt, GenerationOptions options) {
        return generate(model, prompt, options).text();
    }

    public static Generation generate(LanguageModel model, String prompt, GenerationOptions options) {
        Tokenizer tokenizer = model.tokenizer();
        int blockSize = model.config().blockSize();
        int[] context = new ChatTemplate(tokenizer).prompt(prompt);
        int[] tokens = Arrays.copyOf(context, context.length + options.maxTokens());
        int length = context.length;
        Random random = new Random(options.seed());
        FinishReason finish = FinishReason.LENGTH;
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
            ParameterStore parameterStore = new ParameterStore(manager, false);
            for (int produced = 0; produced < options.maxTokens(); produced++) {
                int from = Math.max(0, length - blockSize);
                int window = length - from;
                long[] ids = new long[window];
                for (int i = 0; i < window; i++) {
                    ids[i] = tokens[from + i];
                }
                float[] logits;
                try (NDManager stepManager = manager.newSubManager()) {
                    NDArray input = stepManager.create(ids, new Shape(1, window));                   // (1, T)
                    NDArray all = model.forward(parameterStore, input, false);                       // (1, T, V)
                    logits = all.get(0, window - 1).toFloatArray();                                  // (V)
                }
                int next = sample(logits, options, random);
                if (tokenizer.isSpecial(next)) {
                    finish = FinishReason.STOP;
                    break; // <end>, or a marker the model should not write: the reply is over
                }
                tokens[length++] = next;
            }
        }
        int[] completion = Arrays.copyOfRange(tokens, context.length, length);
        return new Generation(tokenizer.decode(completion), context.length, completion.length, finish);
    }

    /** Greedy at temperature 0, else top-k sampling from softmax(logits / temperature). */
    static int sample(float[] logits, GenerationOptions options, Random random) {
        if (options.temperature() == 0) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        double cutoff = Double.NEGATIVE_INFINITY;
        if (options.topK() > 0 && options.topK() < logits.length) {
            float[] sorted = logits.clone();
            Arrays.sort(sorted);
            cutoff = sorted[sorted.length - options.topK()];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] weights = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = logits[i] >= cutoff ? Math.exp((logits[i] - max) / options.temperature()) : 0;
            total += weights[i];
        }
        double r = random.nextDouble() * total;
        int chosen = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                chosen = i; // the last candidate also catches r landing on the rounding edge
                r -= weights[i];
                if (r < 0) {
                    break;
                }
            }
        }
        return chosen;
    }
}
