package dev.doppel.lm;

/**
 * @param maxTokens most tokens to generate (bytes, for the byte tokenizer)
 * @param temperature softmax temperature; 0 picks the most likely token (greedy)
 * @param topK sample among the k most likely tokens; 0 samples from all
 * @param seed sampling seed: the same model, prompt and options give the same reply
 */
public record GenerationOptions(int maxTokens, double temperature, int topK, long seed) {

    public GenerationOptions {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative, got " + maxTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must not be negative, got " + topK);
        }
    }

    /** 200 tokens, temperature 0.8, top-k 40, seed 0. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(200, 0.8, 40, 0L);
    }
}
