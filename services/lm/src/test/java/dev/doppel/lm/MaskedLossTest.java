package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prompt is context, never a target: these checks fail if the mask is ignored or misaligned. */
class MaskedLossTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    @Test
    void batchMaskCoversOnlyCompletionTargetsNeverPromptOrPadding() {
        TokenBatch batch = chatBatch(List.of(new Example("ab", "c"), new Example("abcd", "ef")), 64);
        // row 0: <u> a b <a> c <end>         -> targets a b <a> c <end> pad pad pad
        // row 1: <u> a b c d <a> e f <end>   -> targets a b c d <a> e f <end>
        assertEquals(2, batch.batchSize());
        assertEquals(8, batch.length());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 0, /* row 1 */ 0, 0, 0, 0, 0, 1, 1, 1}, batch.mask(), 0f);
        assertEquals(ByteTokenizer.PAD, batch.inputs()[5]);
        assertEquals(ByteTokenizer.END, batch.targets()[4]);
        assertEquals(5, batch.targetTokens());
    }

    @Test
    void maskedPositionsReceiveExactlyZeroGradient() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            float[] raw = new float[2 * 3 * 5];
            Random random = new Random(7);
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (float) random.nextGaussian();
            }
            NDArray logits = manager.create(raw, new Shape(2, 3, 5));                    // (B, T, V)
            logits.setRequiresGradient(true);
            NDArray targets = manager.create(new long[] {1, 2, 3, 4, 0, 1}, new Shape(2, 3)); // (B, T)
            float[] mask = {0, 1, 1, 0, 0, 1};
            try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
                NDArray loss = Losses.maskedMean(logits, targets, manager.create(mask, new Shape(2, 3)), 3); // ()
                collector.backward(loss);
            }
            float[] gradient = logits.getGradient().toFloatArray();                      // (B, T, V) flat
            for (int position = 0; position < mask.length; position++) {
                double norm = 0;
                for (int v = 0; v < 5; v++) {
                    norm += Math.abs(gradient[position * 5 + v]);
                }
                if (mask[position] == 0) {
                    assertEquals(0.0, norm, "masked position " + position + " must get no gradient");
                } else {
                    assertTrue(norm > 1e-4, "target position " + position + " must get a gradient");
                }
            }
        }
    }

    @Test
    void modelLossIsTheMeanOverCompletionPositionsOnly() {
        try (LanguageModel model = LanguageModel.create(new GptConfig(1, 2, 16, 32, 260, 0f, true), TOKENIZER, 3);
             NDManager manager = model.manager().newSubManager()) {
            TokenBatch batch = chatBatch(List.of(new Example("hello there", "hi"), new Example("q", "answer")), 32);
            NDArray logits = model.forward(new ParameterStore(manager, false), batch.inputArray(manager), false); // (B, T, V)
            double engineLoss = Losses.maskedMean(logits, batch.targetArray(manager), batch.maskArray(manager),
                    batch.targetTokens()).getFloat();

            float[] flat = logits.toFloatArray();
            int v = 260;
            double maskedSum = 0;
            double allSum = 0;
            for (int position = 0; position < batch.mask().length; position++) {
                double nll = negativeLogLikelihood(flat, position * v, v, (int) batch.targets()[position]);
                allSum += nll;
                maskedSum += batch.mask()[position] * nll;
            }
            double expected = maskedSum / batch.targetTokens();
            assertEquals(expected, engineLoss, 1e-4);
            assertNotEquals(allSum / batch.mask().length, engineLoss, 1e-3); // the check above can tell the two apart

            // Changing the targets of masked positions (prompt and padding) must not move the loss.
            long[] scrambled = batch.targets().clone();
            for (int position = 0; position < scrambled.length; position++) {
                if (batch.mask()[position] == 0) {
                    scrambled[position] = (scrambled[position] + 17) % v;
                }
            }
            NDArray scrambledTargets = manager.create(scrambled, new Shape(batch.batchSize(), batch.length())); // (B, T)
            double scrambledLoss = Losses.maskedMean(logits, scrambledTargets, batch.maskArray(manager),
                    batch.targetTokens()).getFloat();
            assertEquals(engineLoss, scrambledLoss, 0.0);
        }
    }

    private static double negativeLogLikelihood(float[] logits, int offset, int v, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            sum += Math.exp(logits[offset + i] - max);
        }
        return -(logits[offset + target] - max - Math.log(sum));
    }

    /** The pairs as one batch, encoded and padded exactly as training and evaluation do. */
    private static TokenBatch chatBatch(List<Example> examples, int blockSize) {
        return TrainingData.chat(examples, TOKENIZER, blockSize).evaluationBatches(examples.size(), 1).get(0);
    }
}
