package dev.doppel.lm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.lm.GptConfig;
import dev.doppel.lm.Tensor;
import dev.doppel.lm.kernels.Kernels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's plumbing on a tiny model; the numbers themselves come from {@link DecodeBenchmark#main}. */
class DecodeBenchmarkTest {

    @Test
    void measuresAPositiveRateWithEitherKernelsAndThreadCount() {
        GptConfig tiny = new GptConfig(1, 2, 32, 16, DecodeBenchmark.VOCAB, 0f, true);
        for (Kernels kernels : new Kernels[] {Kernels.vector(), Kernels.scalar()}) {
            for (int threads = 1; threads <= 2; threads++) {
                double rate = DecodeBenchmark.tokensPerSecond(tiny, 100, 1, kernels, threads);
                assertTrue(rate > 0 && Double.isFinite(rate), kernels.name() + " x" + threads + ": " + rate);
            }
        }
    }

    @Test
    void randomStateDictHasEveryGpt2TensorInGpt2Layout() {
        GptConfig config = new GptConfig(2, 2, 8, 16, 96, 0f, false);
        Map<String, Tensor> state = DecodeBenchmark.randomStateDict(config, 1);
        // wte, wpe, ln_f (2) and per layer ln_1, ln_2 (2 each) and four linear weights without biases
        assertEquals(2 + 2 + 2 * (4 + 4), state.size());
        assertTrue(state.get("h.1.mlp.c_fc.weight").sameShape(8, 32));
        assertTrue(state.get("h.0.mlp.c_proj.weight").sameShape(32, 8));
        assertEquals(state, DecodeBenchmark.randomStateDict(config, 1));
    }
}
