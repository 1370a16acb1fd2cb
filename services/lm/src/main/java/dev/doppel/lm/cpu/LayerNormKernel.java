package dev.doppel.lm.cpu;

import static dev.doppel.lm.cpu.VectorMath.L;
import static dev.doppel.lm.cpu.VectorMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * LayerNorm over the last axis, as PyTorch computes it ({@code (x - mean) / sqrt(var + eps) * gamma + beta}, the
 * biased variance), forward and backward, row by row in vectors. The forward pass keeps each row's mean and
 * reciprocal standard deviation for the backward pass, which then needs only the input, not the normalized output.
 */
final class LayerNormKernel {

    static final float EPSILON = 1e-5f;

    private LayerNormKernel() {
    }

    /**
     * Normalizes rows {@code [0, rows)} of {@code x} (width {@code c}) into {@code out}; {@code beta} may be null.
     * Writes {@code mean[row]} and {@code rstd[row]}.
     */
    static void forward(float[] x, float[] out, float[] mean, float[] rstd, int rows, int c, float[] gamma, float[] beta) {
        int bound = S.loopBound(c);
        for (int row = 0; row < rows; row++) {
            int off = row * c;
            FloatVector sumV = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += L) {
                sumV = sumV.add(FloatVector.fromArray(S, x, off + i));
            }
            float sum = VectorMath.sum(sumV);
            for (; i < c; i++) {
                sum += x[off + i];
            }
            float m = sum / c;
            FloatVector meanV = FloatVector.broadcast(S, m);
            FloatVector squaresV = FloatVector.zero(S);
            for (i = 0; i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(meanV);
                squaresV = d.fma(d, squaresV);
            }
            float squares = VectorMath.sum(squaresV);
            for (; i < c; i++) {
                float d = x[off + i] - m;
                squares += d * d;
            }
            float s = (float) (1.0 / Math.sqrt(squares / c + EPSILON));
            mean[row] = m;
            rstd[row] = s;
            for (i = 0; i < bound; i += L) {
                FloatVector y = FloatVector.fromArray(S, x, off + i).sub(meanV).mul(s).mul(FloatVector.fromArray(S, gamma, i));
                if (beta != null) {
                    y = y.add(FloatVector.fromArray(S, beta, i));
                }
                y.intoArray(out, off + i);
            }
            for (; i < c; i++) {
                float y = (x[off + i] - m) * s * gamma[i];
                out[off + i] = beta == null ? y : y + beta[i];
            }
        }
    }

    /**
     * Adds the gradient with respect to {@code x} into {@code dx}, and those of {@code gamma} and {@code beta}
     * (null when there is none) into {@code dGamma} and {@code dBeta}, from {@code dOut}.
     */
    static void backward(float[] dOut, float[] x, float[] mean, float[] rstd, int rows, int c, float[] gamma,
                         float[] dx, float[] dGamma, float[] dBeta) {
        int bound = S.loopBound(c);
        for (int row = 0; row < rows; row++) {
            int off = row * c;
            float m = mean[row];
            float s = rstd[row];
            FloatVector meanV = FloatVector.broadcast(S, m);
            FloatVector dV = FloatVector.zero(S);      // sums of dOut * gamma
            FloatVector dxV = FloatVector.zero(S);     // sums of dOut * gamma * xhat
            int i = 0;
            for (; i < bound; i += L) {
                FloatVector xhat = FloatVector.fromArray(S, x, off + i).sub(meanV).mul(s);
                FloatVector g = FloatVector.fromArray(S, dOut, off + i);
                FloatVector d = g.mul(FloatVector.fromArray(S, gamma, i));
                dV = dV.add(d);
                dxV = d.fma(xhat, dxV);
                g.fma(xhat, FloatVector.fromArray(S, dGamma, i)).intoArray(dGamma, i);
                if (dBeta != null) {
                    g.add(FloatVector.fromArray(S, dBeta, i)).intoArray(dBeta, i);
                }
            }
            float sumD = VectorMath.sum(dV);
            float sumDx = VectorMath.sum(dxV);
            for (; i < c; i++) {
                float xhat = (x[off + i] - m) * s;
                float d = dOut[off + i] * gamma[i];
                sumD += d;
                sumDx += d * xhat;
                dGamma[i] += dOut[off + i] * xhat;
                if (dBeta != null) {
                    dBeta[i] += dOut[off + i];
                }
            }
            float meanD = sumD / c;
            float meanDx = sumDx / c;
            for (i = 0; i < bound; i += L) {
                FloatVector xhat = FloatVector.fromArray(S, x, off + i).sub(meanV).mul(s);
                FloatVector d = FloatVector.fromArray(S, dOut, off + i).mul(FloatVector.fromArray(S, gamma, i));
                FloatVector step = d.sub(meanD).sub(xhat.mul(meanDx)).mul(s);
                FloatVector.fromArray(S, dx, off + i).add(step).intoArray(dx, off + i);
            }
            for (; i < c; i++) {
                float xhat = (x[off + i] - m) * s;
                dx[off + i] += s * (dOut[off + i] * gamma[i] - meanD - xhat * meanDx);
            }
        }
    }
}
