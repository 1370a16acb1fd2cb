package dev.doppel.lm;

import java.util.List;

/**
 * How {@link Generator} writes a reply. The defaults of every switch turn it off, so options only do what is asked.
 *
 * @param maxTokens most tokens to generate per candidate
 * @param temperature softmax temperature; 0 picks the most likely token (greedy)
 * @param topK sample among the k most likely tokens; 0 samples from all
 * @param topP nucleus sampling: sample among the most likely tokens whose probabilities add up to p; 1 is off
 * @param n candidates to return (independent samples, or the n best beams)
 * @param beamWidth beams kept by beam search; 1 samples (or decodes greedily) instead
 * @param noRepeatNgramSize never produce an n-gram of this size twice in prompt plus reply; 0 is off
 * @param repetitionPenalty divides positive and multiplies negative logits of every token already in prompt or
 *     reply (as in Hugging Face and CTRL); 1 is off
 * @param presencePenalty subtracted once from the logit of every token the reply already holds (OpenAI); 0 is off
 * @param frequencyPenalty subtracted per occurrence in the reply so far (OpenAI); 0 is off
 * @param stop strings that end the reply; the reply is cut before the first one found (at most 4, as OpenAI allows)
 * @param seed sampling seed: the same model, prompt and options give the same reply
 */
public record GenerationOptions(int maxTokens, double temperature, int topK, double topP, int n, int beamWidth,
                                int noRepeatNgramSize, double repetitionPenalty, double presencePenalty,
                                double frequencyPenalty, List<String> stop, long seed) {

    public GenerationOptions {
        check(maxTokens >= 0, "maxTokens must not be negative, got " + maxTokens);
        check(temperature >= 0 && Double.isFinite(temperature), "temperature must be a finite number >= 0, got " + temperature);
        check(topK >= 0, "topK must not be negative, got " + topK);
        check(topP > 0 && topP <= 1, "topP must be in (0, 1], got " + topP);
        check(n >= 1, "n must be at least 1, got " + n);
        check(beamWidth >= 1, "beamWidth must be at least 1, got " + beamWidth);
        check(beamWidth == 1 || n <= beamWidth, "n (" + n + ") cannot exceed beamWidth (" + beamWidth + ")");
        check(noRepeatNgramSize >= 0, "noRepeatNgramSize must not be negative, got " + noRepeatNgramSize);
        check(repetitionPenalty > 0 && Double.isFinite(repetitionPenalty), "repetitionPenalty must be positive, got " + repetitionPenalty);
        check(Double.isFinite(presencePenalty), "presencePenalty must be finite, got " + presencePenalty);
        check(Double.isFinite(frequencyPenalty), "frequencyPenalty must be finite, got " + frequencyPenalty);
        stop = stop == null ? List.of() : List.copyOf(stop);
        check(stop.size() <= 4, "at most 4 stop sequences, got " + stop.size());
        check(stop.stream().noneMatch(String::isEmpty), "stop sequences must not be empty");
    }

    /** Top-k sampling with every other switch off. */
    public static GenerationOptions sampling(int maxTokens, double temperature, int topK, long seed) {
        return new GenerationOptions(maxTokens, temperature, topK, 1.0, 1, 1, 0, 1.0, 0, 0, List.of(), seed);
    }

    /** The most likely token every time. */
    public static GenerationOptions greedy(int maxTokens) {
        return sampling(maxTokens, 0, 0, 0);
    }

    /** 200 tokens, temperature 0.8, top-k 40, seed 0. */
    public static GenerationOptions defaults() {
        return sampling(200, 0.8, 40, 0L);
    }

    public GenerationOptions withTopP(double newTopP) {
        return new GenerationOptions(maxTokens, temperature, topK, newTopP, n, beamWidth, noRepeatNgramSize,
                repetitionPenalty, presencePenalty, frequencyPenalty, stop, seed);
    }

    public GenerationOptions withN(int newN) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, newN, beamWidth, noRepeatNgramSize,
                repetitionPenalty, presencePenalty, frequencyPenalty, stop, seed);
    }

    public GenerationOptions withBeams(int newBeamWidth) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, n, newBeamWidth, noRepeatNgramSize,
                repetitionPenalty, presencePenalty, frequencyPenalty, stop, seed);
    }

    public GenerationOptions withNoRepeatNgramSize(int size) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, n, beamWidth, size,
                repetitionPenalty, presencePenalty, frequencyPenalty, stop, seed);
    }

    public GenerationOptions withPenalties(double repetition, double presence, double frequency) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, n, beamWidth, noRepeatNgramSize,
                repetition, presence, frequency, stop, seed);
    }

    public GenerationOptions withStop(List<String> newStop) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, n, beamWidth, noRepeatNgramSize,
                repetitionPenalty, presencePenalty, frequencyPenalty, newStop, seed);
    }

    public GenerationOptions withSeed(long newSeed) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, n, beamWidth, noRepeatNgramSize,
                repetitionPenalty, presencePenalty, frequencyPenalty, stop, newSeed);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
