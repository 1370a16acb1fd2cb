package dev.doppel.lm.kernels;

/**
 * Plain Java loops, for JVMs without the Vector API. C2 does not auto-vectorize these kernels here (it cannot
 * rule out that two float[] overlap), so they are written for instruction-level parallelism instead: four
 * independent sums at a time, each still added in index order.
 */
class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    /** Width 1: each output's weights are one contiguous row over the inputs, read as a dot product. */
    private static final int BLOCK_WIDTH = 1;

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
        if (w.width() != 1) {
            linearBlocks(w, x, xOff, out, outOff, fromBlock, toBlock, epilogue);
            return;
        }
        int in = w.in();
        float[] weights = w.weights();
        float[] bias = w.bias();
        int j = fromBlock;
        for (; j + 4 <= toBlock; j += 4) { // four output rows at once: x is loaded once for four FMA chains
            int r0 = j * in;
            int r1 = r0 + in;
            int r2 = r1 + in;
            int r3 = r2 + in;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int i = 0; i < in; i++) {
                float xi = x[xOff + i];
                s0 += xi * weights[r0 + i];
                s1 += xi * weights[r1 + i];
                s2 += xi * weights[r2 + i];
                s3 += xi * weights[r3 + i];
            }
            finish(out, outOff + j, s0, bias, j, epilogue);
            finish(out, outOff + j + 1, s1, bias, j + 1, epilogue);
            finish(out, outOff + j + 2, s2, bias, j + 2, epilogue);
            finish(out, outOff + j + 3, s3, bias, j + 3, epilogue);
        }
        for (; j < toBlock; j++) {
            int r = j * in;
            float sum = 0f;
            for (int i = 0; i < in; i++) {
                sum += x[xOff + i] * weights[r + i];
            }
            finish(out, outOff + j, sum, bias, j, epilogue);
        }
    }

    private static void finish(float[] out, int o, float sum, float[] bias, int j, Epilogue epilogue) {
        float value = bias == null ? sum : sum + bias[j];
        out[o] = switch (epilogue) {
            case STORE -> value;
            case ADD -> out[o] + value;
            case GELU -> Gelu.gelu(value);
        };
    }

    /** Any block width: each block's outputs accumulate over the rows of the block. */
    private static void linearBlocks(PackedLinear w, float[] x, int xOff, float[] out, int outOff, int fromBlock, int toBlock,
                                     Epilogue epilogue) {
        int in = w.in();
        int width = w.width();
        float[] weights = w.weights();
        float[] acc = new float[width];
        for (int b = fromBlock; b < toBlock; b++) {
            java.util.Arrays.fill(acc, 0f);
            int row = b * in * width;
            for (int i = 0; i < in; i++, row += width) {
                float xi = x[xOff + i];
                for (int j = 0; j < width; j++) {
                    acc[j] += xi * weights[row + j];
                }
            }
            for (int j = 0; j < width; j++) {
                finish(out, outOff + b * width + j, acc[j], w.bias(), b * width + j, epilogue);
            }
        }
    }

    @Override
    public void linearRows(PackedLinear w, float[] x, int xOff, int xStride, int rows, float[] out, int outOff, int outStride,
                           int fromBlock, int toBlock, Epilogue epilogue) {
        int r = 0;
        if (w.width() == 1) {
            int in = w.in();
            float[] weights = w.weights();
            float[] bias = w.bias();
            for (; r + 4 <= rows; r += 4) { // four rows share each weight load
                int x0 = xOff + r * xStride;
                int x1 = x0 + xStride;
                int x2 = x1 + xStride;
                int x3 = x2 + xStride;
                int o0 = outOff + r * outStride;
                for (int j = fromBlock; j < toBlock; j++) {
                    int row = j * in;
                    float s0 = 0f;
                    float s1 = 0f;
                    float s2 = 0f;
                    float s3 = 0f;
                    for (int i = 0; i < in; i++) {
                        float wi = weights[row + i];
                        s0 += x[x0 + i] * wi;
                        s1 += x[x1 + i] * wi;
                        s2 += x[x2 + i] * wi;
                        s3 += x[x3 + i] * wi;
                    }
                    finish(out, o0 + j, s0, bias, j, epilogue);
                    finish(out, o0 + outStride + j, s1, bias, j, epilogue);
                    finish(out, o0 + 2 * outStride + j, s2, bias, j, epilogue);
                    finish(out, o0 + 3 * outStride + j, s3, bias, j, epilogue);
                }
            }
        }
        for (; r < rows; r++) {
            linear(w, x, xOff + r * xStride, out, outOff + r * outStride, fromBlock, toBlock, epilogue);
        }
    }

    @Override
    public void layerNorm(float[] x, int xOff, int n, float[] gamma, float[] beta, float eps, float[] out, int outOff) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += x[xOff + i];
        }
        float mean = sum / n;
        float squares = 0f;
        for (int i = 0; i < n; i++) {
            float centered = x[xOff + i] - mean;
            squares += centered * centered;
        }
        float rstd = (float) (1.0 / Math.sqrt(squares / n + eps));
        for (int i = 0; i < n; i++) {
            float normalized = (x[xOff + i] - mean) * rstd * gamma[i];
            out[outOff + i] = beta == null ? normalized : normalized + beta[i];
        }
    }

    @Override
    public void attentionScores(float[] q, int qOff, int headSize, float[] keysT, int kOff, int stride, int n, float[] scores) {
        int p = 0;
        for (; p + 4 <= n; p += 4) { // four positions share each query load
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int row = kOff + p;
            for (int c = 0; c < headSize; c++, row += stride) {
                float qc = q[qOff + c];
                s0 += qc * keysT[row];
                s1 += qc * keysT[row + 1];
                s2 += qc * keysT[row + 2];
                s3 += qc * keysT[row + 3];
            }
            scores[p] = s0;
            scores[p + 1] = s1;
            scores[p + 2] = s2;
            scores[p + 3] = s3;
        }
        for (; p < n; p++) {
            float sum = 0f;
            int row = kOff + p;
            for (int c = 0; c < headSize; c++, row += stride) {
                sum += q[qOff + c] * keysT[row];
            }
            scores[p] = sum;
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
        int c = 0;
        for (; c + 4 <= headSize; c += 4) { // four channels share each weight load
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int row = vOff + c;
            for (int p = 0; p < n; p++, row += headSize) {
                float a = weights[p];
                s0 += a * values[row];
                s1 += a * values[row + 1];
                s2 += a * values[row + 2];
                s3 += a * values[row + 3];
            }
            out[outOff + c] = s0;
            out[outOff + c + 1] = s1;
            out[outOff + c + 2] = s2;
            out[outOff + c + 3] = s3;
        }
        for (; c < headSize; c++) {
            float sum = 0f;
            int row = vOff + c;
            for (int p = 0; p < n; p++, row += headSize) {
                sum += weights[p] * values[row];
            }
            out[outOff + c] = sum;
        }
    }

    @Override
    public void gelu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = Gelu.gelu(x[i]);
        }
    }
}
