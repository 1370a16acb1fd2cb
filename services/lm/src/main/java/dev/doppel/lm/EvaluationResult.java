package dev.doppel.lm;

/**
 * How well a model predicts held-out data under teacher forcing, with the definitions of OpenAI's fine-tuning
 * result files.
 *
 * @param examples rows evaluated (chat pairs, or corpus windows)
 * @param tokens target tokens scored (for chat: reply and end-of-turn tokens; for a corpus: every token but the first)
 * @param loss mean cross-entropy per target token, in nats
 * @param perplexity {@code exp(loss)}
 * @param tokenAccuracy fraction of target tokens that were the model's most likely next token
 * @param sequenceAccuracy fraction of chat pairs whose whole reply was predicted right token by token; null for a
 *     corpus, whose windows are not sequences of their own
 */
public record EvaluationResult(int examples, long tokens, double loss, double perplexity, double tokenAccuracy,
                               Double sequenceAccuracy) {
}
