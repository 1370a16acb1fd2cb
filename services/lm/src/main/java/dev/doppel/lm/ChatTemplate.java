package dev.doppel.lm;

import java.util.Objects;

/**
 * The one chat format the model is trained on and prompted with:
 * {@code <user> prompt <assistant> completion <end>}. The loss mask is true exactly on the completion tokens
 * and the {@code <end>} token, so the model learns to answer, not to imitate the other person.
 */
public final class ChatTemplate {

    /** Token ids and, aligned with them, whether each token is a training target. */
    public record Encoded(int[] tokens, boolean[] lossMask) {
        public Encoded {
            if (tokens.length != lossMask.length) {
                throw new IllegalArgumentException("tokens and mask differ in length");
            }
        }

        public int length() {
            return tokens.length;
        }
    }

    private final Tokenizer tokenizer;

    public ChatTemplate(Tokenizer tokenizer) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    public Encoded encode(Example example) {
        return encode(example, Integer.MAX_VALUE);
    }

    /**
     * Encodes at most {@code maxTokens} tokens. Over-long pairs lose the start of the prompt first (the
     * {@code <user>} marker stays), then, only if the completion alone is too long, the end of the completion.
     */
    public Encoded encode(Example example, int maxTokens) {
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must be at least 3, got " + maxTokens);
        }
        int[] prompt = tokenizer.encode(example.prompt());
        int[] completion = tokenizer.encode(example.completion());
        int overflow = Math.max(0, 3 + prompt.length + completion.length - maxTokens);
        int dropFromPrompt = Math.min(overflow, prompt.length);
        int keepCompletion = completion.length + 1 - (overflow - dropFromPrompt); // +1: the <end> token

        int[] tokens = new int[2 + prompt.length - dropFromPrompt + keepCompletion];
        boolean[] mask = new boolean[tokens.length];
        int i = 0;
        tokens[i++] = tokenizer.userToken();
        for (int p = dropFromPrompt; p < prompt.length; p++) {
            tokens[i++] = prompt[p];
        }
        tokens[i++] = tokenizer.assistantToken();
        for (int c = 0; c < keepCompletion; c++) {
            mask[i] = true;
            tokens[i++] = c < completion.length ? completion[c] : tokenizer.endToken();
        }
        return new Encoded(tokens, mask);
    }

    /** {@code <user> prompt <assistant>}: what generation starts from. */
    public int[] prompt(String prompt) {
        int[] text = tokenizer.encode(prompt);
        int[] tokens = new int[text.length + 2];
        tokens[0] = tokenizer.userToken();
        System.arraycopy(text, 0, tokens, 1, text.length);
        tokens[tokens.length - 1] = tokenizer.assistantToken();
        return tokens;
    }
}
