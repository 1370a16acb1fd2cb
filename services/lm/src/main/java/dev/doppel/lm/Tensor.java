package dev.doppel.lm;

import java.util.Arrays;

/**
 * A dense fp32 tensor in plain Java memory, row-major: the exchange format between the DJL model and
 * everything that reads weights without DJL (safetensors files, the cached decoder).
 */
public record Tensor(long[] shape, float[] data) {

    public Tensor {
        long size = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= dimension;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values, data has " + data.length);
        }
    }

    /** A rows x cols matrix as its transpose, cols x rows. */
    public Tensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("transpose2d needs a matrix, shape is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] transposed = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                transposed[c * rows + r] = data[r * cols + c];
            }
        }
        return new Tensor(new long[] {cols, rows}, transposed);
    }

    public boolean sameShape(long... other) {
        return Arrays.equals(shape, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
