package dev.doppel.lm;

/**
 * Hyper-parameters of the GPT; saved as JSON in every checkpoint.
 *
 * @param nLayer number of transformer blocks
 * @param nHead attention heads per block; must divide {@code nEmbd}
 * @param nEmbd width of the residual stream
 * @param blockSize longest context the model sees, in tokens
 * @param vocabSize number of token ids, taken from the tokenizer
 * @param dropout dropout rate during training (0 for small data sets that we want to over-fit)
 * @param bias whether linear layers and LayerNorms carry a bias
 */
public record GptConfig(int nLayer, int nHead, int nEmbd, int blockSize, int vocabSize, float dropout, boolean bias) {

    public GptConfig {
        require(nLayer > 0, "nLayer must be positive, got " + nLayer);
        require(nHead > 0, "nHead must be positive, got " + nHead);
        require(nEmbd > 0 && nEmbd % nHead == 0, "nEmbd (" + nEmbd + ") must be a positive multiple of nHead (" + nHead + ")");
        require(blockSize > 1, "blockSize must be at least 2, got " + blockSize);
        require(vocabSize > 0, "vocabSize must be positive, got " + vocabSize);
        require(dropout >= 0f && dropout < 1f, "dropout must be in [0, 1), got " + dropout);
    }

    /** 2 layers, 2 heads, 64 wide, 128 tokens of context, no dropout: about 0.1 M parameters, trains on 2 CPU cores. */
    public static GptConfig tiny(int vocabSize) {
        return new GptConfig(2, 2, 64, 128, vocabSize, 0f, true);
    }

    /** Width of one attention head. */
    public int headSize() {
        return nEmbd / nHead;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
