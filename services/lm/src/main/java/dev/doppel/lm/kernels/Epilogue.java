package dev.doppel.lm.kernels;

/** What a matrix-vector kernel does with {@code x W + b} while it is still in registers. */
public enum Epilogue {
    /** {@code out = x W + b} */
    STORE,
    /** {@code out += x W + b}: the residual connection. */
    ADD,
    /** {@code out = gelu(x W + b)}: the MLP's expansion. */
    GELU
}
