package dev.doppel.lm;

/**
 * @param examples examples evaluated
 * @param tokens target tokens scored (completion and {@code <end>} tokens)
 * @param loss mean cross-entropy per target token, in nats
 * @param perplexity {@code exp(loss)}
 * @param tokenAccuracy fraction of target tokens that were the model's most likely next token
 */
public record EvaluationResult(int examples, long tokens, double loss, double perplexity, double tokenAccuracy) {
}
