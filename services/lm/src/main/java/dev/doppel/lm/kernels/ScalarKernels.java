package dev.doppel.lm.kernels;

/**
 * Plain Java loops, for JVMs without the Vector API. The inner loops are element-wise over contiguous arrays
 * ({@code out[j] += x * w[j]}), the shape C2's auto-vectorizer handles; reductions stay short.
 */
class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    /** Any width works for plain loops; 64 keeps a block's outputs in L1 and matches the vector layout's order. */
    private static final int BLOCK_WIDTH = 64;

    ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorLength() {
        return 1;
    }

    @Override
    public int blockWidth() {
        return BLOCK_WIDTH;
    }

    @Override
    public void linear(PackedLinear w, float[] x, int xOff, float[] out, int outOff, int fromBlock, int toBlock, Epilogue epilogue) {
        int in = w.in();
        int width = w.width();
        float[] weights = w.weights();
        float[] bias = w.bias();
        float[] acc = new float[width];
        for (int b = fromBlock; b < toBlock; b++) {
            if (bias != null) {
                System.arraycopy(bias, b * width, acc, 0, width);
            } else {
                java.util.Arrays.fill(acc, 0f);
            }
            int row = b * in * width;
            for (int i = 0; i < in; i++, row += width) {
                float xi = x[xOff + i];
                for (int j = 0; j < width; j++) {
                    acc[j] += xi * weights[row + j];
                }
            }
            int o = outOff + b * width;
            switch (epilogue) {
                case STORE -> System.arraycopy(acc, 0, out, o, width);
                case ADD -> {
                    for (int j = 0; j < width; j++) {
                        out[o + j] += acc[j];
                    }
                }
                case GELU -> {
                    for (int j = 0; j < width; j++) {
                        out[o + j] = Gelu.gelu(acc[j]);
                    }
                }
            }
        }
    }

    @Override
    public void layerNorm(float[] x, int n, float[] gamma, float[] beta, float eps, float[] out) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += x[i];
        }
        float mean = sum / n;
        float squares = 0f;
        for (int i = 0; i < n; i++) {
            float centered = x[i] - mean;
            squares += centered * centered;
        }
        float rstd = (float) (1.0 / Math.sqrt(squares / n + eps));
        for (int i = 0; i < n; i++) {
            float normalized = (x[i] - mean) * rstd * gamma[i];
            out[i] = beta == null ? normalized : normalized + beta[i];
        }
    }

    @Override
    public void attentionScores(float[] q, int qOff, int headSize, float[] keysT, int kOff, int stride, int n, float[] scores) {
        java.util.Arrays.fill(scores, 0, n, 0f);
        for (int c = 0; c < headSize; c++) {
            float qc = q[qOff + c];
            int row = kOff + c * stride;
            for (int p = 0; p < n; p++) {
                scores[p] += qc * keysT[row + p];
            }
        }
    }

    @Override
    public void softmax(float[] s, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s[i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = Exp.exp(s[i] - max);
            s[i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            s[i] *= inv;
        }
    }

    @Override
    public void weightedSum(float[] weights, int n, float[] values, int vOff, int headSize, float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + headSize, 0f);
        for (int p = 0; p < n; p++) {
            float a = weights[p];
            int row = vOff + p * headSize;
            for (int c = 0; c < headSize; c++) {
                out[outOff + c] += a * values[row + c];
            }
        }
    }

    @Override
    public void gelu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = Gelu.gelu(x[i]);
        }
    }
}
