package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.doppel.lm.cpu.GptShape;
import dev.doppel.lm.cpu.GptTrainingPass;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written CPU passes compute what DJL's autograd computes for the same model and rows: the same loss,
 * the same right guesses and the same gradient for every parameter, with and without bias and dropout, for
 * rows shorter than the context and with masked (prompt and padding) positions.
 */
class CpuTrainingPassesTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    /** Rows of 19 tokens fit one block of queries in the attention; 75 take three, the last one short. */
    @ParameterizedTest(name = "{0} layers, {1} heads, width {2}, bias {3}, dropout {4}, {5} tokens")
    @CsvSource({
            "2, 2, 32, true, 0.0, 19",
            "2, 4, 64, false, 0.0, 19",
            "3, 2, 32, true, 0.2, 19",
            "1, 1, 16, false, 0.1, 19",
            "2, 2, 32, true, 0.0, 75",
            "2, 4, 32, false, 0.15, 75",
    })
    void gradientsMatchDjlAutograd(int layers, int heads, int width, boolean bias, float dropout, int t) {
        GptConfig config = new GptConfig(layers, heads, width, t + 5, TOKENIZER.vocabSize(), dropout, bias);
        assertMatchesAutograd(config, 3, t, model -> CpuTrainingPasses.forModel(model, 1, 3));
    }

    /** A heap budget too small for all of a worker's rows at once: they go one row at a time, with the same result. */
    @Test
    void rowsPassedInChunksGiveTheSameGradients() {
        GptConfig config = new GptConfig(2, 2, 32, 80, TOKENIZER.vocabSize(), 0.1f, true);
        assertMatchesAutograd(config, 3, 75, model -> {
            GptShape shape = CpuTrainingPasses.shapeOf(config);
            CpuTrainingPasses passes = CpuTrainingPasses.forModel(model, 1, 3, GptTrainingPass.bytesFor(shape, 1));
            assertEquals(1, passes.chunkRows());
            return passes;
        });
    }

    @Test
    void aModelWhoseRowDoesNotFitTheBudgetTrainsWithAutograd() {
        try (LanguageModel model = LanguageModel.create(new GptConfig(1, 1, 16, 32, TOKENIZER.vocabSize(), 0f, true), TOKENIZER, 5)) {
            assertNull(CpuTrainingPasses.forModel(model, 2, 4, 1000));
        }
    }

    /** However large the heap, a chunk is never so many rows that an array's size would overflow an int. */
    @Test
    void chunksStayWithinJavaArraySizes() {
        GptShape longContext = new GptShape(1, 16, 64, 4096, 96, 0f, true); // 16 heads x 4096^2 = 268 M weights a row
        assertTrue(GptTrainingPass.arraysFit(longContext, 7));
        assertTrue(!GptTrainingPass.arraysFit(longContext, 8), "8 rows: 2^31 attention weights");
    }

    private static void assertMatchesAutograd(GptConfig config, int rows, int t, Function<LanguageModel, CpuTrainingPasses> passesFor) {
        TokenBatch batch = batch(rows, t, config.vocabSize(), 11);
        long targets = batch.targetTokens();
        long seed = 99;
        try (LanguageModel model = LanguageModel.create(config, TOKENIZER, 5);
             NDManager manager = model.manager().newSubManager()) {
            perturb(model, 17);
            WorkerParameters reference = new WorkerParameters(model, manager);
            WorkerParameters.Pass expected = reference.forwardBackward(model, batch, new RowDropout(seed, 0), targets, 2);
            List<NDArray> expectedGradients = reference.gradients();

            CpuTrainingPasses passes = passesFor.apply(model);
            assertNotNull(passes, "the hand-written passes apply to an fp32 CPU model here");
            passes.beginStep();
            WorkerParameters.Pass actual = passes.forwardBackward(0, batch, seed, 0, targets, 2, true);
            assertEquals(expected.loss(), actual.loss(), 1e-5 * Math.abs(expected.loss()), "loss");
            assertEquals(expected.correct(), actual.correct(), 0.0, "right guesses");
            List<FloatBuffer> actualGradients = passes.gradients(0);
            List<Map.Entry<String, Parameter>> named = model.namedParameters().stream()
                    .filter(entry -> entry.getValue().requiresGradient()).toList();
            assertEquals(expectedGradients.size(), actualGradients.size());
            for (int i = 0; i < named.size(); i++) {
                assertClose(expectedGradients.get(i).toFloatArray(), actualGradients.get(i), named.get(i).getKey());
            }
        }
    }

    /**
     * Whole training runs agree: ten steps of AdamW with warmup, clipping, dropout and two micro-batches per step,
     * on two workers, lose the same on the hand-written passes as on autograd, step by step.
     */
    @Test
    void aTrainingRunMatchesTheSameRunOnAutograd() {
        GptConfig config = new GptConfig(2, 2, 32, 32, TOKENIZER.vocabSize(), 0.1f, true);
        TrainingOptions options = TrainingOptions.quick(10).withBatch(6, 2).withSchedule(3e-3f, 2, 0.1f).withLogEvery(0);
        TrainingData data = TrainingData.corpus(DataParallelTrainingTest.DOCUMENTS, TOKENIZER, config.blockSize());
        List<StepReport> handWritten = new java.util.ArrayList<>();
        List<StepReport> autograd = new java.util.ArrayList<>();
        try (LanguageModel model = LanguageModel.create(config, TOKENIZER, 3);
             Trainer trainer = Trainer.start(model, data, null, options, 2)) {
            assertTrue(trainer.handWrittenPasses());
            trainer.run(handWritten::add);
        }
        try (LanguageModel model = LanguageModel.create(config, TOKENIZER, 3);
             Trainer trainer = Trainer.startOnAutograd(model, data, null, options, 2)) {
            assertTrue(!trainer.handWrittenPasses());
            trainer.run(autograd::add);
        }
        for (int i = 0; i < autograd.size(); i++) {
            assertEquals(autograd.get(i).trainLoss(), handWritten.get(i).trainLoss(), 1e-4, "loss of step " + (i + 1));
            assertEquals(autograd.get(i).gradNorm(), handWritten.get(i).gradNorm(), 1e-3 * autograd.get(i).gradNorm(),
                    "gradient norm of step " + (i + 1));
        }
        assertTrue(autograd.get(autograd.size() - 1).trainLoss() < autograd.get(0).trainLoss() - 0.5, "the run learns");
    }

    /** Rows of random tokens; the first row's first 5 targets are a prompt (mask 0), the last row ends in padding. */
    static TokenBatch batch(int rows, int t, int vocab, long seed) {
        Random random = new Random(seed);
        long[] inputs = new long[rows * t];
        long[] targets = new long[rows * t];
        float[] mask = new float[rows * t];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = random.nextInt(vocab);
            targets[i] = random.nextInt(vocab);
            mask[i] = 1f;
        }
        for (int i = 0; i < 5; i++) {
            mask[i] = 0f;
        }
        for (int i = rows * t - 6; i < rows * t; i++) {
            mask[i] = 0f;
        }
        return new TokenBatch(rows, t, inputs, targets, mask);
    }

    /**
     * Moves every trained parameter off its initial value, so that biases, shifts and gains are not 0 or 1. (Without
     * bias, DJL's LayerNorm still adds its shift, which stays 0 because it does not train.)
     */
    static void perturb(LanguageModel model, long seed) {
        Random random = new Random(seed);
        for (Map.Entry<String, Parameter> entry : model.namedParameters()) {
            if (!entry.getValue().requiresGradient()) {
                continue;
            }
            NDArray array = entry.getValue().getArray();
            float[] values = array.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (random.nextGaussian() * 0.1);
            }
            array.set(values);
        }
    }

    private static void assertClose(float[] expected, FloatBuffer actual, String name) {
        assertEquals(expected.length, actual.capacity(), name + " size");
        double scale = 0;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        assertTrue(scale > 0, name + " has a gradient");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs(expected[i] - actual.get(i));
            if (difference > worst) {
                worst = difference;
                at = i;
            }
        }
        assertTrue(worst <= 1e-4 * scale, name + ": element " + at + " is " + (at < 0 ? 0 : actual.get(at)) + ", autograd says "
                + (at < 0 ? 0 : expected[at]) + " (largest gradient " + scale + ")");
    }
}
