package dev.doppel.lm.cpu;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One worker's forward and backward pass of a GPT over some batch rows, written out by hand: the same math as the
 * DJL model ({@code GptBlock}) and the trainer's masked loss, with every matrix product a direct MKL call
 * ({@link Blas}) and everything else Java Vector API kernels over arrays this object owns and reuses step after
 * step (so a JVM without {@code jdk.incubator.vector} trains on autograd instead).
 *
 * <p>Why: at small sizes a DJL training step is hundreds of short operators, each a JNI call, a tensor allocation
 * and autograd bookkeeping; those and the memory traffic between them were about a third of the step, around
 * matrix products that already ran near the machine's peak (README, "Performance"). Here the products are the
 * same MKL kernels and the rest is a few fused passes.
 *
 * <p>Weights are read where the model keeps them (direct views of its tensors); gradients are added into the
 * caller's arrays, so gradient accumulation over micro-batches is a loop of calls. One instance per thread.
 */
public final class GptTrainingPass {

    private final GptShape shape;
    private final int maxRows;
    private final int c;
    private final int f;
    private final int hs;
    private final int heads;

    // Forward activations kept for the backward pass, per layer; tokens are row-major (row * t + position).
    private final float[][] x;        // (L + 1) x (N, C): the residual stream entering each layer, and the last
    private final float[][] ln1;      // (N, C)
    private final float[][] ln1Mean;  // (N)
    private final float[][] ln1Rstd;  // (N)
    private final float[][] qkv;      // (N, 3C)
    private final float[][] weights;  // (rows, heads, T, T): softmax weights
    private final float[][] y;        // (N, C): the heads' outputs side by side
    private final float[][] xMid;     // (N, C): the stream after attention
    private final float[][] ln2;      // (N, C)
    private final float[][] ln2Mean;  // (N)
    private final float[][] ln2Rstd;  // (N)
    private final float[][] fcPre;    // (N, 4C): before GELU
    private final float[][] fcAct;    // (N, 4C): after GELU
    private final float[] lnF;        // (N, C)
    private final float[] lnFMean;    // (N)
    private final float[] lnFRstd;    // (N)
    private final float[] logits;     // (N, V), then their gradient

    // Dropout keep masks, only when the model has dropout.
    private final float[] embedKeep;      // (N, C)
    private final float[][] attnKeep;     // (rows, heads, T, T)
    private final float[][] attnOutKeep;  // (N, C)
    private final float[][] mlpOutKeep;   // (N, C)

    // Scratch of the backward pass.
    private final float[] dx;        // (N, C): gradient of the residual stream
    private final float[] dIn;       // (N, C): gradient of a LayerNorm's output
    private final float[] dOut;      // (N, C): gradient of a residual branch's output, after its dropout
    private final float[] dY;        // (N, C)
    private final float[] dQkv;      // (N, 3C)
    private final float[] dFc;       // (N, 4C)
    private final float[] dropped;   // (T, T)
    private final float[] dWeights;  // (T, T)
    private final float[] branch;    // (N, C): a branch's output before its dropout

    /** Buffers for up to {@code maxRows} rows of up to {@code shape.blockSize()} tokens. */
    public GptTrainingPass(GptShape shape, int maxRows) {
        this.shape = shape;
        this.maxRows = maxRows;
        this.c = shape.embd();
        this.f = shape.hidden();
        this.hs = shape.headSize();
        this.heads = shape.heads();
        int layers = shape.layers();
        int t = shape.blockSize();
        int n = maxRows * t;
        int scores = maxRows * heads * t * t;
        boolean dropout = shape.dropout() > 0f;
        x = new float[layers + 1][n * c];
        ln1 = new float[layers][n * c];
        ln1Mean = new float[layers][n];
        ln1Rstd = new float[layers][n];
        qkv = new float[layers][n * 3 * c];
        weights = new float[layers][scores];
        y = new float[layers][n * c];
        xMid = new float[layers][n * c];
        ln2 = new float[layers][n * c];
        ln2Mean = new float[layers][n];
        ln2Rstd = new float[layers][n];
        fcPre = new float[layers][n * f];
        fcAct = new float[layers][n * f];
        lnF = new float[n * c];
        lnFMean = new float[n];
        lnFRstd = new float[n];
        logits = new float[n * shape.vocab()];
        embedKeep = dropout ? new float[n * c] : null;
        attnKeep = dropout ? new float[layers][scores] : null;
        attnOutKeep = dropout ? new float[layers][n * c] : null;
        mlpOutKeep = dropout ? new float[layers][n * c] : null;
        dx = new float[n * c];
        dIn = new float[n * c];
        dOut = new float[n * c];
        dY = new float[n * c];
        dQkv = new float[n * 3 * c];
        dFc = new float[n * f];
        dropped = new float[t * t];
        dWeights = new float[t * t];
        branch = dropout ? new float[n * c] : null;
    }

    /**
     * About how many bytes an instance for {@code rows} rows holds: what the forward pass keeps per token and layer
     * (the residual stream twice, two LayerNorm outputs, the attention's input and output, the MLP's hidden layer
     * twice: 16 C), the attention weights ({@code heads T^2} per row and layer), dropout masks, and the backward
     * pass's scratch. For choosing how many rows to pass at once; the arrays are on the Java heap.
     */
    public static long bytesFor(GptShape shape, int rows) {
        long t = shape.blockSize();
        long c = shape.embd();
        long tokens = rows * t;
        long perLayer = tokens * 16 * c + rows * shape.heads() * t * t;
        if (shape.dropout() > 0f) {
            perLayer += tokens * 2 * c + rows * shape.heads() * t * t;
        }
        long scratch = tokens * (12 * c + shape.vocab()) + 2 * t * t;
        return 4 * (shape.layers() * perLayer + scratch);
    }

    /**
     * Whether every array of an instance for {@code rows} rows can exist: a Java array holds at most about 2^31
     * elements, and the largest here are a layer's attention weights ({@code rows heads T^2}) and hidden layer
     * ({@code rows T 4C}). A large heap could otherwise allow a chunk whose sizes overflow an {@code int}.
     */
    public static boolean arraysFit(GptShape shape, int rows) {
        long t = shape.blockSize();
        long largest = Math.max((long) rows * shape.heads() * t * t,
                Math.max((long) rows * t * shape.hidden(), (long) rows * t * shape.vocab()));
        return largest <= Integer.MAX_VALUE - 8; // the JVM's own limit is a few elements short of 2^31 - 1
    }

    /**
     * Forward and backward over {@code rows} rows of {@code t} tokens: {@code inputs}, {@code targets} and
     * {@code mask} hold {@code rows * t} entries. The loss is {@code lossScale} times the masked cross-entropy
     * summed over positions; its gradients are added into {@code gradients} (indexed by {@link ParameterSlots},
     * null where the model has no tensor). {@code weightsBySlot} are the model's tensors, same indexing.
     * {@code dropout} gives the masks when the shape has dropout; it may be null otherwise.
     */
    public PassTotals run(FloatBuffer[] weightsBySlot, float[][] gradients, int rows, int t, long[] inputs,
                          long[] targets, float[] mask, DropoutMasks dropout, float lossScale) {
        if (rows < 1 || rows > maxRows || t < 1 || t > shape.blockSize()) {
            throw new IllegalArgumentException(rows + " rows of " + t + " tokens do not fit buffers for " + maxRows
                    + " rows of " + shape.blockSize());
        }
        Parameters p = new Parameters(weightsBySlot);
        int n = rows * t;
        boolean drop = shape.dropout() > 0f;
        if (drop && dropout == null) {
            throw new IllegalArgumentException("the model has dropout: masks are needed");
        }
        embed(p, rows, t, inputs, drop ? dropout : null);
        for (int l = 0; l < shape.layers(); l++) {
            layerForward(p, l, rows, t, drop ? dropout : null);
        }
        int v = shape.vocab();
        LayerNormKernel.forward(x[shape.layers()], lnF, lnFMean, lnFRstd, n, c, p.lnFGamma, p.lnFBeta);
        Blas.gemm(false, true, n, v, c, 1f, lnF, 0, c, p.wte, 0, c, 0f, logits, 0, v);                 // (N, V)
        PassTotals totals = CrossEntropyKernel.forwardBackward(logits, targets, mask, n, v, lossScale); // logits := dLogits

        Blas.gemm(false, false, n, c, v, 1f, logits, 0, v, p.wte, 0, c, 0f, dIn, 0, c);               // dLnF (N, C)
        Blas.gemm(true, false, v, c, n, 1f, logits, 0, v, lnF, 0, c, 1f, gradients[ParameterSlots.WTE], 0, c); // (V, C)
        Arrays.fill(dx, 0, n * c, 0f);
        LayerNormKernel.backward(dIn, x[shape.layers()], lnFMean, lnFRstd, n, c, p.lnFGamma, dx,
                gradients[ParameterSlots.LN_F_GAMMA], gradients[ParameterSlots.LN_F_BETA]);
        for (int l = shape.layers() - 1; l >= 0; l--) {
            layerBackward(p, gradients, l, rows, t);
        }
        unembed(gradients, rows, t, inputs);
        return totals;
    }

    /** x[0] = wte[token] + wpe[position], then dropout. */
    private void embed(Parameters p, int rows, int t, long[] inputs, DropoutMasks dropout) {
        float[] out = x[0];
        float[] token = new float[c];
        float[] position = new float[c];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                int tok = tokenAt(inputs, r * t + i);
                p.wte.get(tok * c, token, 0, c);
                p.wpe.get(i * c, position, 0, c);
                int off = (r * t + i) * c;
                for (int j = 0; j < c; j++) {
                    out[off + j] = token[j] + position[j];
                }
            }
        }
        if (dropout != null) {
            dropout.next(embedKeep, rows, t * c, shape.dropout());
            multiply(out, embedKeep, rows * t * c);
        }
    }

    private int tokenAt(long[] inputs, int index) {
        long token = inputs[index];
        if (token < 0 || token >= shape.vocab()) {
            throw new IllegalArgumentException("token " + token + " at position " + index + " is outside the vocabulary of "
                    + shape.vocab());
        }
        return (int) token;
    }

    private void layerForward(Parameters p, int l, int rows, int t, DropoutMasks dropout) {
        int n = rows * t;
        LayerNormKernel.forward(x[l], ln1[l], ln1Mean[l], ln1Rstd[l], n, c, p.ln1Gamma[l], p.ln1Beta[l]);
        linear(ln1[l], n, c, p.layer(l, ParameterSlots.ATTN_WEIGHT), p.attnBias[l], qkv[l], 3 * c);   // (N, 3C)
        if (dropout != null) {
            dropout.next(attnKeep[l], rows, heads * t * t, shape.dropout());
        }
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < heads; h++) {
                int scores = (r * heads + h) * t * t;
                AttentionKernel.forward(qkv[l], r * t * 3 * c, t, c, h, hs, weights[l], scores,
                        dropout == null ? null : attnKeep[l], scores, dropped, y[l], r * t * c + h * hs);
            }
        }
        residual(y[l], n, c, p.layer(l, ParameterSlots.ATTN_PROJ_WEIGHT), p.attnProjBias[l], x[l], xMid[l],
                dropout == null ? null : attnOutKeep[l], rows, t, dropout);
        LayerNormKernel.forward(xMid[l], ln2[l], ln2Mean[l], ln2Rstd[l], n, c, p.ln2Gamma[l], p.ln2Beta[l]);
        linear(ln2[l], n, c, p.layer(l, ParameterSlots.FC_WEIGHT), null, fcPre[l], f);                  // (N, 4C)
        GeluKernel.forward(fcPre[l], p.fcBias[l], fcAct[l], n, f);                                         // bias, then GELU
        residual(fcAct[l], n, f, p.layer(l, ParameterSlots.FC_PROJ_WEIGHT), p.fcProjBias[l], xMid[l], x[l + 1],
                dropout == null ? null : mlpOutKeep[l], rows, t, dropout);
    }

    /** {@code out (n, outDim) = in (n, inDim) W^T + b}, W {@code (outDim, inDim)}. */
    private static void linear(float[] in, int n, int inDim, FloatBuffer weight, float[] bias, float[] out, int outDim) {
        Blas.gemm(false, true, n, outDim, inDim, 1f, in, 0, inDim, weight, 0, inDim, 0f, out, 0, outDim);
        if (bias != null) {
            VectorMath.addToRows(out, n, outDim, bias);
        }
    }

    /** {@code out = stream + dropout(in W^T + b)}, {@code (n, C)}: a residual branch's projection back to C. */
    private void residual(float[] in, int n, int inDim, FloatBuffer weight, float[] bias, float[] stream, float[] out,
                          float[] keep, int rows, int t, DropoutMasks dropout) {
        if (dropout == null) {
            for (int r = 0; r < n; r++) {
                int off = r * c;
                if (bias == null) {
                    System.arraycopy(stream, off, out, off, c);
                } else {
                    for (int j = 0; j < c; j++) {
                        out[off + j] = stream[off + j] + bias[j];
                    }
                }
            }
            Blas.gemm(false, true, n, c, inDim, 1f, in, 0, inDim, weight, 0, inDim, 1f, out, 0, c);
            return;
        }
        linear(in, n, inDim, weight, bias, branch, c);
        dropout.next(keep, rows, t * c, shape.dropout());
        for (int i = 0; i < n * c; i++) {
            out[i] = stream[i] + branch[i] * keep[i];
        }
    }

    private void layerBackward(Parameters p, float[][] g, int l, int rows, int t) {
        int n = rows * t;
        // MLP branch: x[l + 1] = xMid + dropout(gelu(ln2 Wfc^T + bfc) Wproj^T + bproj)
        float[] d = branchGradient(mlpOutKeep == null ? null : mlpOutKeep[l], n);
        linearBackward(d, fcAct[l], n, f, c, p.layer(l, ParameterSlots.FC_PROJ_WEIGHT),
                g[ParameterSlots.layer(l, ParameterSlots.FC_PROJ_WEIGHT)], g[ParameterSlots.layer(l, ParameterSlots.FC_PROJ_BIAS)], dFc);
        GeluKernel.backward(fcPre[l], dFc, g[ParameterSlots.layer(l, ParameterSlots.FC_BIAS)], n, f); // and the bias's sum
        linearBackward(dFc, ln2[l], n, c, f, p.layer(l, ParameterSlots.FC_WEIGHT),
                g[ParameterSlots.layer(l, ParameterSlots.FC_WEIGHT)], null, dIn);
        LayerNormKernel.backward(dIn, xMid[l], ln2Mean[l], ln2Rstd[l], n, c, p.ln2Gamma[l], dx,
                g[ParameterSlots.layer(l, ParameterSlots.LN2_GAMMA)], g[ParameterSlots.layer(l, ParameterSlots.LN2_BETA)]);
        // attention branch: xMid = x + dropout(attention(ln1 Wqkv^T + bqkv) Wproj^T + bproj)
        d = branchGradient(attnOutKeep == null ? null : attnOutKeep[l], n);
        linearBackward(d, y[l], n, c, c, p.layer(l, ParameterSlots.ATTN_PROJ_WEIGHT),
                g[ParameterSlots.layer(l, ParameterSlots.ATTN_PROJ_WEIGHT)], g[ParameterSlots.layer(l, ParameterSlots.ATTN_PROJ_BIAS)], dY);
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < heads; h++) {
                int scores = (r * heads + h) * t * t;
                AttentionKernel.backward(qkv[l], r * t * 3 * c, t, c, h, hs, weights[l], scores,
                        attnKeep == null ? null : attnKeep[l], scores, dropped, dY, r * t * c + h * hs, dWeights, dQkv);
            }
        }
        linearBackward(dQkv, ln1[l], n, c, 3 * c, p.layer(l, ParameterSlots.ATTN_WEIGHT),
                g[ParameterSlots.layer(l, ParameterSlots.ATTN_WEIGHT)], g[ParameterSlots.layer(l, ParameterSlots.ATTN_BIAS)], dIn);
        LayerNormKernel.backward(dIn, x[l], ln1Mean[l], ln1Rstd[l], n, c, p.ln1Gamma[l], dx,
                g[ParameterSlots.layer(l, ParameterSlots.LN1_GAMMA)], g[ParameterSlots.layer(l, ParameterSlots.LN1_BETA)]);
    }

    /** The gradient of a residual branch's output before its dropout: the stream's, masked. */
    private float[] branchGradient(float[] keep, int n) {
        if (keep == null) {
            return dx;
        }
        for (int i = 0; i < n * c; i++) {
            dOut[i] = dx[i] * keep[i];
        }
        return dOut;
    }

    /**
     * For {@code out = in W^T + b}: adds {@code dOut^T in} to {@code gWeight} and the column sums of {@code dOut}
     * to {@code gBias} (null without bias), and writes {@code dIn = dOut W}.
     */
    private static void linearBackward(float[] dOutput, float[] in, int n, int inDim, int outDim, FloatBuffer weight,
                                       float[] gWeight, float[] gBias, float[] dInput) {
        Blas.gemm(true, false, outDim, inDim, n, 1f, dOutput, 0, outDim, in, 0, inDim, 1f, gWeight, 0, inDim); // (out, in)
        if (gBias != null) {
            VectorMath.addColumnSums(dOutput, n, outDim, gBias);
        }
        Blas.gemm(false, false, n, inDim, outDim, 1f, dOutput, 0, outDim, weight, 0, inDim, 0f, dInput, 0, inDim); // (n, in)
    }

    /** The embeddings' gradients: each position's stream gradient (after the embedding dropout) to its rows. */
    private void unembed(float[][] g, int rows, int t, long[] inputs) {
        float[] d = dx;
        if (embedKeep != null) {
            multiply(d, embedKeep, rows * t * c);
        }
        float[] gWte = g[ParameterSlots.WTE];
        float[] gWpe = g[ParameterSlots.WPE];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                int off = (r * t + i) * c;
                int tok = (int) inputs[r * t + i] * c;
                int pos = i * c;
                for (int j = 0; j < c; j++) {
                    gWte[tok + j] += d[off + j];
                    gWpe[pos + j] += d[off + j];
                }
            }
        }
    }

    private static void multiply(float[] values, float[] factors, int n) {
        for (int i = 0; i < n; i++) {
            values[i] *= factors[i];
        }
    }

    /** The model's tensors for one pass: matrices as the model's own memory, vectors copied (they are small). */
    private final class Parameters {
        final FloatBuffer[] bySlot;
        final FloatBuffer wte;
        final FloatBuffer wpe;
        final float[] lnFGamma;
        final float[] lnFBeta;
        final float[][] ln1Gamma;
        final float[][] ln1Beta;
        final float[][] attnBias;
        final float[][] attnProjBias;
        final float[][] ln2Gamma;
        final float[][] ln2Beta;
        final float[][] fcBias;
        final float[][] fcProjBias;

        Parameters(FloatBuffer[] bySlot) {
            if (bySlot.length != ParameterSlots.count(shape.layers())) {
                throw new IllegalArgumentException(bySlot.length + " tensors for " + shape.layers() + " layers");
            }
            this.bySlot = bySlot;
            wte = bySlot[ParameterSlots.WTE];
            wpe = bySlot[ParameterSlots.WPE];
            lnFGamma = vector(ParameterSlots.LN_F_GAMMA);
            lnFBeta = vector(ParameterSlots.LN_F_BETA);
            int layers = shape.layers();
            ln1Gamma = new float[layers][];
            ln1Beta = new float[layers][];
            attnBias = new float[layers][];
            attnProjBias = new float[layers][];
            ln2Gamma = new float[layers][];
            ln2Beta = new float[layers][];
            fcBias = new float[layers][];
            fcProjBias = new float[layers][];
            for (int l = 0; l < layers; l++) {
                ln1Gamma[l] = vector(ParameterSlots.layer(l, ParameterSlots.LN1_GAMMA));
                ln1Beta[l] = vector(ParameterSlots.layer(l, ParameterSlots.LN1_BETA));
                attnBias[l] = vector(ParameterSlots.layer(l, ParameterSlots.ATTN_BIAS));
                attnProjBias[l] = vector(ParameterSlots.layer(l, ParameterSlots.ATTN_PROJ_BIAS));
                ln2Gamma[l] = vector(ParameterSlots.layer(l, ParameterSlots.LN2_GAMMA));
                ln2Beta[l] = vector(ParameterSlots.layer(l, ParameterSlots.LN2_BETA));
                fcBias[l] = vector(ParameterSlots.layer(l, ParameterSlots.FC_BIAS));
                fcProjBias[l] = vector(ParameterSlots.layer(l, ParameterSlots.FC_PROJ_BIAS));
            }
        }

        FloatBuffer layer(int l, int which) {
            return bySlot[ParameterSlots.layer(l, which)];
        }

        /** A copy of the slot's vector, or null when the slot is empty (a model without bias). */
        private float[] vector(int slot) {
            int size = ParameterSlots.size(shape, slot);
            if (size == 0) {
                return null;
            }
            FloatBuffer buffer = bySlot[slot];
            if (buffer == null || buffer.capacity() < size) {
                throw new IllegalArgumentException("slot " + slot + " needs " + size + " floats");
            }
            float[] copy = new float[size];
            buffer.get(0, copy, 0, size);
            return copy;
        }
    }
}
