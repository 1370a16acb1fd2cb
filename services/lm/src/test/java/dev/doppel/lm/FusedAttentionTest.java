package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PyTorch's fused causal attention, reached through TorchScript, against the attention written out by hand. */
class FusedAttentionTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 130})
    void matchesTheExplicitMathForwardAndBackward(int t) {
        compareWithExplicitMath(t, 0f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64})
    void withDropoutMultipliesTheWeightsByTheKeepMask(int t) {
        compareWithExplicitMath(t, 0.3f);
    }

    /** Output and gradients of the module and of the explicit math, with a random keep mask when {@code p > 0}. */
    private static void compareWithExplicitMath(int t, float p) {
        Engine engine = Engines.pytorch();
        int b = 2;
        int nh = 3;
        int hs = 16;
        try (NDManager manager = engine.newBaseManager()) {
            engine.setRandomSeed(t);
            Shape shape = new Shape(b, nh, t, hs);
            NDArray q = manager.randomNormal(shape);                                      // (B, nh, T, hs)
            NDArray k = manager.randomNormal(shape);                                      // (B, nh, T, hs)
            NDArray v = manager.randomNormal(shape);                                      // (B, nh, T, hs)
            NDArray upstream = manager.randomNormal(shape);                               // (B, nh, T, hs)
            for (NDArray x : new NDArray[] {q, k, v}) {
                x.setRequiresGradient(true);
            }
            NDArray keep = p > 0f
                    ? manager.randomUniform(0f, 1f, new Shape(b, nh, t, t)).gte(p).toType(DataType.FLOAT32, false).div(1f - p) // (B, nh, T, T)
                    : null;

            float[][] fused;
            Engines.GLOBAL_STATE.lock();
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = keep == null
                        ? FusedAttention.causal(new ParameterStore(manager, false), q, k, v, 0f, true)
                        : FusedAttention.causal(q, k, v, keep, true);                        // (B, nh, T, hs)
                collector.backward(y.mul(upstream).sum());
                fused = new float[][] {y.toFloatArray(), q.getGradient().toFloatArray(), k.getGradient().toFloatArray(),
                        v.getGradient().toFloatArray()};
            }
            for (NDArray x : new NDArray[] {q, k, v}) {
                JniUtils.zeroGrad((PtNDArray) x); // gradients accumulate across backward passes
            }
            float[][] explicit;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = explicitCausalAttention(q, k, v, t, hs, keep);               // (B, nh, T, hs)
                collector.backward(y.mul(upstream).sum());
                explicit = new float[][] {y.toFloatArray(), q.getGradient().toFloatArray(), k.getGradient().toFloatArray(),
                        v.getGradient().toFloatArray()};
            } finally {
                Engines.GLOBAL_STATE.unlock();
            }

            String[] names = {"output", "dq", "dk", "dv"};
            for (int i = 0; i < names.length; i++) {
                for (int j = 0; j < explicit[i].length; j++) {
                    assertEquals(explicit[i][j], fused[i][j], 2e-5, names[i] + "[" + j + "] at T=" + t + ", p=" + p);
                }
            }
            if (t > 1 && p == 0f) { // the first query sees only itself: its output is v at position 0, and the mask must hold
                assertNotEquals(0f, fused[3][fused[3].length - 1], "the last value feeds the last query");
            }
        }
    }

    /**
     * (softmax(q k^T / sqrt(hs) + mask) * keep) v with the mask 0 on and below the diagonal, -1e9 above; without
     * the keep factor when it is null.
     */
    private static NDArray explicitCausalAttention(NDArray q, NDArray k, NDArray v, int t, int hs, NDArray keep) {
        float[] mask = new float[t * t];
        for (int row = 0; row < t; row++) {
            for (int col = row + 1; col < t; col++) {
                mask[row * t + col] = -1e9f;
            }
        }
        NDArray bias = q.getManager().create(mask, new Shape(t, t));                      // (T, T)
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1 / Math.sqrt(hs))).add(bias).softmax(-1); // (B, nh, T, T)
        return (keep == null ? att : att.mul(keep)).matMul(v);                            // (B, nh, T, hs)
    }
}
