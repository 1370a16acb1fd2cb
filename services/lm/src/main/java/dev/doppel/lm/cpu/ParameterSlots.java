package dev.doppel.lm.cpu;

/**
 * Where each tensor of a GPT sits in the arrays of weights and gradients the training pass takes: the embeddings,
 * the final LayerNorm, then twelve slots per layer. A slot whose tensor the model does not have (biases and
 * LayerNorm shifts when {@link GptShape#bias()} is false) holds null.
 *
 * <p>Layouts are the model's: linear weights {@code (out, in)} row-major, as DJL's Linear stores them.
 */
public final class ParameterSlots {

    public static final int WTE = 0;              // (V, C)
    public static final int WPE = 1;              // (blockSize, C)
    public static final int LN_F_GAMMA = 2;       // (C)
    public static final int LN_F_BETA = 3;        // (C)

    public static final int LN1_GAMMA = 0;        // (C)
    public static final int LN1_BETA = 1;         // (C)
    public static final int ATTN_WEIGHT = 2;      // (3C, C): query, key and value rows, in that order
    public static final int ATTN_BIAS = 3;        // (3C)
    public static final int ATTN_PROJ_WEIGHT = 4; // (C, C)
    public static final int ATTN_PROJ_BIAS = 5;   // (C)
    public static final int LN2_GAMMA = 6;        // (C)
    public static final int LN2_BETA = 7;         // (C)
    public static final int FC_WEIGHT = 8;        // (4C, C)
    public static final int FC_BIAS = 9;          // (4C)
    public static final int FC_PROJ_WEIGHT = 10;  // (C, 4C)
    public static final int FC_PROJ_BIAS = 11;    // (C)

    static final int FIRST_LAYER = 4;
    static final int PER_LAYER = 12;

    private ParameterSlots() {
    }

    /** The slot of tensor {@code which} (one of the per-layer constants) of layer {@code layer}. */
    public static int layer(int layer, int which) {
        return FIRST_LAYER + layer * PER_LAYER + which;
    }

    /** How many slots a model of {@code layers} layers has. */
    public static int count(int layers) {
        return FIRST_LAYER + layers * PER_LAYER;
    }

    /** The number of floats of the tensor in {@code slot}, or 0 where the model has none. */
    public static int size(GptShape shape, int slot) {
        int c = shape.embd();
        if (slot < FIRST_LAYER) {
            return switch (slot) {
                case WTE -> shape.vocab() * c;
                case WPE -> shape.blockSize() * c;
                case LN_F_GAMMA -> c;
                default -> shape.bias() ? c : 0;
            };
        }
        return switch ((slot - FIRST_LAYER) % PER_LAYER) {
            case LN1_GAMMA, LN2_GAMMA -> c;
            case LN1_BETA, LN2_BETA, ATTN_PROJ_BIAS, FC_PROJ_BIAS -> shape.bias() ? c : 0;
            case ATTN_WEIGHT -> 3 * c * c;
            case ATTN_BIAS -> shape.bias() ? 3 * c : 0;
            case ATTN_PROJ_WEIGHT -> c * c;
            case FC_WEIGHT, FC_PROJ_WEIGHT -> 4 * c * c;
            case FC_BIAS -> shape.bias() ? 4 * c : 0;
            default -> throw new IllegalArgumentException("no slot " + slot);
        };
    }
}
