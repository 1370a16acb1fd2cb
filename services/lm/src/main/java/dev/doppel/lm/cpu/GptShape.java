package dev.doppel.lm.cpu;

/**
 * What the hand-written training pass needs to know of a GPT: nanoGPT's shape (pre-LayerNorm blocks, a GELU MLP
 * four times as wide, an LM head tied to the token embedding) and its dropout rate.
 *
 * @param bias whether linear layers and LayerNorms carry a bias (LayerNorms then also a shift)
 */
public record GptShape(int layers, int heads, int embd, int blockSize, int vocab, float dropout, boolean bias) {

    public GptShape {
        if (layers < 1 || heads < 1 || embd < 1 || embd % heads != 0 || blockSize < 1 || vocab < 1) {
            throw new IllegalArgumentException("not a GPT shape: " + layers + " layers, " + heads + " heads, width "
                    + embd + ", context " + blockSize + ", vocabulary " + vocab);
        }
    }

    public int headSize() {
        return embd / heads;
    }

    /** The MLP's hidden width. */
    public int hidden() {
        return 4 * embd;
    }
}
