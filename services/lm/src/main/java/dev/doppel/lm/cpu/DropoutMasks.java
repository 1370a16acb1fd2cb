package dev.doppel.lm.cpu;

/**
 * Where a training pass gets its dropout masks: one call per dropout site, in the order the model's forward pass
 * meets them (the embeddings' sum; then per layer the attention weights, the attention's output and the MLP's
 * output). The trainer's implementation draws from per-row seeded streams, so the hand-written pass drops exactly
 * what the DJL model would.
 */
@FunctionalInterface
public interface DropoutMasks {

    /**
     * Fills {@code into[0, rows * perRow)} with the next site's mask for {@code rows} rows of {@code perRow}
     * elements: 0 where dropped, the kept elements' scale elsewhere.
     */
    void next(float[] into, int rows, int perRow, float p);
}
