package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fused CPU passes of {@link AdamW} against the same update written as tensor operations. */
class AdamWTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    private static final GptConfig CONFIG = new GptConfig(2, 2, 32, 32, 260, 0f, true);

    @Test
    void fusedUpdateMatchesTheTensorOperationsWithClippingAndDecay() {
        TrainingData data = TrainingData.corpus(IntStream.range(0, 20).mapToObj(i -> "line " + i + " of the test text").toList(),
                TOKENIZER, CONFIG.blockSize());
        try (LanguageModel fusedModel = LanguageModel.create(CONFIG, TOKENIZER, 11);
             LanguageModel tensorModel = LanguageModel.create(CONFIG, TOKENIZER, 11);
             NDManager fusedState = fusedModel.manager().newSubManager();
             NDManager tensorState = tensorModel.manager().newSubManager();
             AdamW fused = new AdamW(fusedModel, 0.1f, fusedState, true, null);
             AdamW tensors = new AdamW(tensorModel, 0.1f, tensorState, false, null)) {
            for (int step = 0; step < 4; step++) {
                TokenBatch batch = data.batchAt(3, step, 0, 4, 1);
                float gradScale = step % 2 == 0 ? 1f : 0.37f; // with and without clipping
                try (NDManager fusedStep = fusedModel.manager().newSubManager();
                     NDManager tensorStep = tensorModel.manager().newSubManager()) {
                    // the fused pass also sums two workers' gradients (rows 0-1 and 2-3); the tensors get one worker's
                    List<List<NDArray>> fusedGradients = List.of(backward(fusedModel, batch, 0, 2, fusedStep),
                            backward(fusedModel, batch, 2, 4, fusedStep));
                    List<List<NDArray>> tensorGradients = List.of(backward(tensorModel, batch, 0, 4, tensorStep));
                    double norm = tensors.sumAndNorm(tensorGradients);
                    assertTrue(norm > 0);
                    assertEquals(norm, fused.sumAndNorm(fusedGradients), 1e-5 * norm, "gradient norm, step " + step);
                    try (Engines.NoGrad ignored = Engines.noGrad()) {
                        fused.step(fusedGradients.get(0), 3e-3, gradScale, fusedStep);
                        tensors.step(tensorGradients.get(0), 3e-3, gradScale, tensorStep);
                    }
                }
            }
            assertParametersEqual(tensorModel, fusedModel);
        }
    }

    /** Gradients of rows {@code [from, to)}'s share of the batch's mean loss, as a training worker computes them. */
    private static List<NDArray> backward(LanguageModel model, TokenBatch batch, int from, int to, NDManager stepManager) {
        WorkerParameters parameters = new WorkerParameters(model, stepManager.newSubManager());
        parameters.forwardBackward(model, batch.rows(from, to), new RowDropout(5, from), batch.targetTokens(), 1);
        return parameters.gradients();
    }

    private static void assertParametersEqual(LanguageModel expected, LanguageModel actual) {
        List<Map.Entry<String, ai.djl.nn.Parameter>> want = expected.namedParameters();
        List<Map.Entry<String, ai.djl.nn.Parameter>> got = actual.namedParameters();
        double largestChange = 0;
        for (int i = 0; i < want.size(); i++) {
            float[] a = want.get(i).getValue().getArray().toFloatArray();
            float[] b = got.get(i).getValue().getArray().toFloatArray();
            for (int j = 0; j < a.length; j++) {
                // Rounding differs (tensor division by a scalar is not Java's); where m and v are near zero
                // Adam amplifies it, so the bound is a few hundredths of one step's size (3e-3), not machine epsilon.
                assertEquals(a[j], b[j], 2e-5, want.get(i).getKey() + "[" + j + "]");
            }
        }
        // and the update did move the weights (so the comparison above compares something)
        try (LanguageModel initial = LanguageModel.create(CONFIG, TOKENIZER, 11)) {
            for (int i = 0; i < want.size(); i++) {
                float[] before = initial.namedParameters().get(i).getValue().getArray().toFloatArray();
                float[] after = got.get(i).getValue().getArray().toFloatArray();
                for (int j = 0; j < before.length; j++) {
                    largestChange = Math.max(largestChange, Math.abs(after[j] - before[j]));
                }
            }
        }
        assertTrue(largestChange > 1e-3, "four steps of lr 3e-3 must move some weight, largest change " + largestChange);
    }
}
