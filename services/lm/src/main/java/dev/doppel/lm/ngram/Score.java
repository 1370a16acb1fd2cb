package dev.doppel.lm.ngram;

/**
 * Total negative log-likelihood of the scored tokens. Per-token numbers only compare models with the same
 * tokenizer; {@link #natsPerChar} compares any two, given the character count of the same evaluated text.
 *
 * @param nll    sum of -ln p(token | history) over the scored tokens, in nats
 * @param tokens tokens scored (masked-out tokens excluded)
 */
public record Score(double nll, long tokens) {

    /** Mean nats per scored token: the cross-entropy loss a GPT reports. */
    public double natsPerToken() {
        return nll / tokens;
    }

    public double perplexity() {
        return Math.exp(natsPerToken());
    }

    /** @param characters characters of the scored text (for masked data: of the scored parts only) */
    public double natsPerChar(long characters) {
        if (characters <= 0) {
            throw new IllegalArgumentException("characters must be positive, got " + characters);
        }
        return nll / characters;
    }
}
