package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Training on several worker threads ({@link TrainingWorkers}) is the same training as on one: the same rows, the
 * same dropout masks per row ({@link RowDropout}), gradients summed in a fixed order.
 */
class DataParallelTrainingTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    private static final GptConfig CONFIG = new GptConfig(2, 2, 32, 32, 260, 0.1f, true);
    /** Short notes to train on; the hand-written passes' test trains on them too. */
    static final List<String> DOCUMENTS = IntStream.range(0, 40)
            .mapToObj(i -> "note " + i + ": lunch with the team on day " + (i % 7) + ", table for " + (2 + i % 5) + ".")
            .toList();
    /** Five rows over two and three workers: slices of unequal size; two micro-batches per step. */
    private static final TrainingOptions OPTIONS = TrainingOptions.quick(8).withBatch(5, 2).withSchedule(3e-3f, 2, 0.1f)
            .withLogEvery(0);

    @Test
    void kernelsOfAWorkerThreadRunOnThatThreadAlone() throws Exception {
        assertTrue(TorchThreads.available(), "this build of libtorch exports the per-thread thread settings");
        int before = TorchThreads.threadsHere();
        int onWorker = CompletableFuture.supplyAsync(() -> {
            TorchThreads.singleThreadedHere();
            return TorchThreads.threadsHere();
        }, runnable -> new Thread(runnable).start()).get();
        assertEquals(1, onWorker);
        assertEquals(before, TorchThreads.threadsHere(), "other threads keep their count");
    }

    @Test
    void twoAndThreeWorkersTrainAsOneDoesDropoutIncluded() {
        List<StepReport> one = train(1);
        for (int workers : new int[] {2, 3}) {
            List<StepReport> many = train(workers);
            for (int i = 0; i < one.size(); i++) {
                assertEquals(one.get(i).trainLoss(), many.get(i).trainLoss(), 1e-4, workers + " workers, step " + (i + 1));
                assertEquals(one.get(i).gradNorm(), many.get(i).gradNorm(), 1e-4 * one.get(i).gradNorm(), workers + " workers, step " + (i + 1));
                assertEquals(one.get(i).trainAccuracy(), many.get(i).trainAccuracy(), 1e-9);
            }
        }
    }

    @Test
    void twoWorkersGiveTheSameRunTwice() {
        List<StepReport> first = train(2);
        List<StepReport> second = train(2);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).trainLoss(), second.get(i).trainLoss(), 0.0, "step " + (i + 1));
        }
    }

    @Test
    void aRowDrawsTheSameMaskWhicheverSliceItIsIn() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Shape rowShape = new Shape(16, 8);
            RowDropout whole = new RowDropout(42, 0);
            float[] all = whole.nextMask(manager, new Shape(4, 16, 8), 0.25f).toFloatArray();
            float[] firstTwo = new RowDropout(42, 0).nextMask(manager, new Shape(2, 16, 8), 0.25f).toFloatArray();
            float[] lastTwo = new RowDropout(42, 2).nextMask(manager, new Shape(2, 16, 8), 0.25f).toFloatArray();
            int perRow = (int) rowShape.size();
            for (int i = 0; i < 2 * perRow; i++) {
                assertEquals(all[i], firstTwo[i], "row " + i / perRow);
                assertEquals(all[2 * perRow + i], lastTwo[i], "row " + (2 + i / perRow));
            }
            // the next site draws another mask for the same rows
            float[] nextSite = whole.nextMask(manager, new Shape(4, 16, 8), 0.25f).toFloatArray();
            assertNotEquals(Arrays.toString(all), Arrays.toString(nextSite));
        }
    }

    @Test
    void masksDropAtTheRateAskedAndKeepTheExpectation() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            float p = 0.1f;
            NDArray mask = new RowDropout(7, 0).nextMask(manager, new Shape(64, 128, 128), p); // 1 M elements
            float[] values = mask.toFloatArray();
            long dropped = 0;
            double sum = 0;
            for (float value : values) {
                dropped += value == 0f ? 1 : 0;
                sum += value;
            }
            double rate = (double) dropped / values.length;
            // binomial: the standard deviation of the rate is sqrt(p (1 - p) / n) = 3e-4; 5 sigma
            assertEquals(p, rate, 1.5e-3);
            assertEquals(1.0, sum / values.length, 2e-3, "kept values are scaled by 1 / (1 - p)");
            float kept = 1f / (1f - 6554f / 65536f); // the rate actually used: round(0.1 * 65536) / 65536
            for (float value : values) {
                assertTrue(value == 0f || Math.abs(value - kept) < 1e-6, "mask value " + value);
            }
        }
    }

    private static List<StepReport> train(int workers) {
        TrainingData data = TrainingData.corpus(DOCUMENTS, TOKENIZER, CONFIG.blockSize());
        List<StepReport> reports = new ArrayList<>();
        try (LanguageModel model = LanguageModel.create(CONFIG, TOKENIZER, 3);
             Trainer trainer = Trainer.start(model, data, null, OPTIONS, workers)) {
            assertEquals(workers, trainer.workerCount());
            trainer.run(reports::add);
        }
        return reports;
    }
}
