package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Masked cross-entropy: the loss counts only positions whose mask is 1. */
final class Losses {

    private Losses() {
    }

    /** Sum over masked positions of -log p(target): a scalar. */
    static NDArray maskedNllSum(NDArray logits, NDArray targets, NDArray mask) {
        NDArray logProbs = logits.logSoftmax(-1);                                         // (B, T, V)
        NDArray picked = logProbs.gather(targets.expandDims(2), 2).squeeze(2);            // (B, T)
        return picked.mul(mask).sum().neg();                                              // ()
    }

    /** Mean over masked positions of -log p(target): a scalar; {@code maskCount} must be positive. */
    static NDArray maskedMean(NDArray logits, NDArray targets, NDArray mask, long maskCount) {
        return maskedNllSum(logits, targets, mask).div((float) maskCount);               // ()
    }

    /** Number of masked positions where the predicted (most likely) token is the target: a scalar. */
    static NDArray maskedCorrect(NDArray predicted, NDArray targets, NDArray mask) {
        return predicted.eq(targets).toType(DataType.FLOAT32, false).mul(mask).sum(); // ()
    }

    /**
     * Number of rows with at least one masked position whose masked positions are all predicted right (the
     * most likely token is the target): a scalar. Under teacher forcing, this is "the whole reply is exact".
     */
    static NDArray rowsAllCorrect(NDArray predicted, NDArray targets, NDArray mask) {
        NDArray wrong = predicted.neq(targets).toType(DataType.FLOAT32, false).mul(mask).sum(new int[] {1}); // (B)
        NDArray scored = mask.sum(new int[] {1}).gt(0f);                                                          // (B)
        return wrong.eq(0f).logicalAnd(scored).toType(DataType.FLOAT32, false).sum();                              // ()
    }
}
