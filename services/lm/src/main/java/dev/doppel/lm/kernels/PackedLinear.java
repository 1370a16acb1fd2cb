package dev.doppel.lm.kernels;

/**
 * A linear layer {@code y = x W + b} with {@code W} of shape {@code (in, out)} (GPT-2's Conv1D layout), stored
 * for a matrix-vector kernel that keeps {@code width} outputs in registers: the columns are cut into blocks of
 * {@code width}, and each block is stored as {@code in} consecutive rows of {@code width} values. A block is
 * then one sequential stream through memory, and the kernel never reduces across vector lanes. The last block
 * and the bias are padded with zeros to a whole block, so a kernel writes {@link #paddedOut()} outputs.
 *
 * @param in inputs
 * @param out outputs
 * @param width outputs per block, a multiple of the kernel's vector length
 * @param weights {@code blocks * in * width} values: block {@code b}, row {@code i}, column {@code j} at
 *     {@code (b * in + i) * width + j}
 * @param bias {@code paddedOut} values, or null for a layer without bias
 */
public record PackedLinear(int in, int out, int width, float[] weights, float[] bias) {

    public PackedLinear {
        if (in <= 0 || out <= 0 || width <= 0) {
            throw new IllegalArgumentException("in, out and width must be positive, got " + in + ", " + out + ", " + width);
        }
        int blocks = (out + width - 1) / width;
        if (weights.length != blocks * in * width) {
            throw new IllegalArgumentException("weights hold " + weights.length + " values, expected " + blocks * in * width);
        }
        if (bias != null && bias.length != blocks * width) {
            throw new IllegalArgumentException("bias holds " + bias.length + " values, expected " + blocks * width);
        }
    }

    /** Packs a row-major {@code (in, out)} matrix and an optional bias of {@code out} values. */
    public static PackedLinear pack(float[] inOut, float[] bias, int in, int out, int width) {
        if (inOut.length != in * out) {
            throw new IllegalArgumentException("matrix holds " + inOut.length + " values, expected " + in + " x " + out);
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("bias holds " + bias.length + " values, expected " + out);
        }
        int blocks = (out + width - 1) / width;
        float[] packed = new float[blocks * in * width];
        for (int b = 0; b < blocks; b++) {
            int columns = Math.min(width, out - b * width);
            for (int i = 0; i < in; i++) {
                System.arraycopy(inOut, i * out + b * width, packed, (b * in + i) * width, columns);
            }
        }
        float[] paddedBias = bias == null ? null : java.util.Arrays.copyOf(bias, blocks * width);
        return new PackedLinear(in, out, width, packed, paddedBias);
    }

    public int blocks() {
        return (out + width - 1) / width;
    }

    /** Outputs a kernel writes: {@code out} rounded up to whole blocks. Output buffers need this much room. */
    public int paddedOut() {
        return blocks() * width;
    }
}
