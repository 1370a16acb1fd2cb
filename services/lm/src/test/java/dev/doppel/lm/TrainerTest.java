package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pretraining, gradient accumulation, exact resume and the metrics of {@link Trainer} and {@link Evaluator}. */
class TrainerTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    /** Dropout on, so that resuming must also reproduce the dropout masks. */
    private static final GptConfig CONFIG = new GptConfig(2, 2, 32, 32, 260, 0.1f, true);
    private static final List<String> DOCUMENTS = IntStream.range(0, 40)
            .mapToObj(i -> "mail " + i + ": the meeting moves to room " + (i % 7) + " at " + (9 + i % 5) + " o'clock.")
            .toList();
    private static final TrainingOptions OPTIONS = TrainingOptions.quick(12).withBatch(4, 2).withEvaluation(4, 2)
            .withSchedule(3e-3f, 2, 0.1f).withLogEvery(0);

    @Test
    void resumingFromACheckpointReproducesTheUninterruptedRun(@TempDir Path dir) throws IOException {
        TrainingData train = TrainingData.corpus(DOCUMENTS.subList(0, 32), TOKENIZER, CONFIG.blockSize());
        TrainingData valid = TrainingData.corpus(DOCUMENTS.subList(32, 40), TOKENIZER, CONFIG.blockSize());

        List<StepReport> straight = new ArrayList<>();
        try (LanguageModel model = LanguageModel.create(CONFIG, TOKENIZER, 7);
             Trainer trainer = Trainer.start(model, train, valid, OPTIONS)) {
            trainer.run(straight::add);
        }

        List<StepReport> resumed = new ArrayList<>();
        Path checkpoint = dir.resolve("ckpt-000006");
        try (LanguageModel model = LanguageModel.create(CONFIG, TOKENIZER, 7);
             Trainer trainer = Trainer.start(model, train, valid, OPTIONS)) {
            trainer.runUntil(6, resumed::add);
            trainer.save(checkpoint);
        }
        assertTrue(Files.exists(checkpoint.resolve(Trainer.STATE_FILE)) && Files.exists(checkpoint.resolve(Trainer.OPTIMIZER_FILE)));
        try (LanguageModel model = LanguageModel.load(checkpoint);
             Trainer trainer = Trainer.resume(model, checkpoint, train, valid)) {
            assertEquals(6, trainer.step());
            assertEquals(OPTIONS, trainer.options());
            trainer.run(resumed::add);
        }

        assertEquals(12, resumed.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(straight.get(i).trainLoss(), resumed.get(i).trainLoss(), 1e-4, "step " + (i + 1));
            assertEquals(straight.get(i).learningRate(), resumed.get(i).learningRate(), 1e-12);
        }
        assertEquals(straight.get(11).validLoss(), resumed.get(11).validLoss(), 1e-4);
        assertEquals(straight.get(11).tokensSeen(), resumed.get(11).tokensSeen());
    }

    @Test
    void aCheckpointWithoutTrainerStateSaysItCannotBeResumed(@TempDir Path dir) throws IOException {
        try (LanguageModel model = LanguageModel.create(CONFIG, TOKENIZER, 1)) {
            model.save(dir);
            TrainingData train = TrainingData.corpus(DOCUMENTS, TOKENIZER, CONFIG.blockSize());
            IOException e = assertThrows(IOException.class, () -> Trainer.resume(model, dir, train, null));
            assertTrue(e.getMessage().contains(Trainer.STATE_FILE), e.getMessage());
        }
    }

    @Test
    void pretrainingLowersTheLossOnEveryTokenAndEvaluationScoresEachTokenOnce() {
        TrainingData train = TrainingData.corpus(DOCUMENTS.subList(0, 32), TOKENIZER, CONFIG.blockSize());
        TrainingData valid = TrainingData.corpus(DOCUMENTS.subList(32, 40), TOKENIZER, CONFIG.blockSize());
        try (LanguageModel model = LanguageModel.create(CONFIG, TOKENIZER, 3)) {
            EvaluationResult before = Evaluator.evaluate(model, valid, 0);
            long streamTokens = DOCUMENTS.subList(32, 40).stream().mapToLong(d -> TOKENIZER.encode(d).length + 1).sum();
            assertEquals(streamTokens - 1, before.tokens(), "every token but the first is a target, once");
            assertNull(before.sequenceAccuracy(), "corpus windows are not replies");
            try (Trainer trainer = Trainer.start(model, train, valid, TrainingOptions.quick(40).withLogEvery(0))) {
                trainer.run(null);
            }
            EvaluationResult after = Evaluator.evaluate(model, valid, 0);
            assertTrue(after.loss() < before.loss() - 1.0, before.loss() + " -> " + after.loss());
            assertTrue(after.tokenAccuracy() > before.tokenAccuracy());
        }
    }

    @Test
    void gradientAccumulationSumsMicroBatchesIntoOneUpdate() {
        TrainingData train = TrainingData.corpus(DOCUMENTS, TOKENIZER, CONFIG.blockSize());
        List<StepReport> reports = new ArrayList<>();
        try (LanguageModel model = LanguageModel.create(CONFIG, TOKENIZER, 3);
             Trainer trainer = Trainer.start(model, train, null, TrainingOptions.quick(3).withBatch(2, 3).withLogEvery(0))) {
            trainer.run(reports::add);
            assertEquals(3, trainer.step());
        }
        // 3 micro-batches of 2 windows of blockSize positions each per step
        long positionsPerStep = 3L * 2 * CONFIG.blockSize();
        assertEquals(3 * positionsPerStep, reports.get(2).tokensSeen());
        assertTrue(reports.stream().allMatch(r -> Double.isFinite(r.trainLoss()) && r.gradNorm() > 0 && !r.skipped()));
    }

    @Test
    void aNonFiniteLossSkipsTheUpdateAndSaysSo() {
        TrainingData train = TrainingData.corpus(DOCUMENTS, TOKENIZER, CONFIG.blockSize());
        try (LanguageModel model = LanguageModel.create(CONFIG, TOKENIZER, 3)) {
            // An infinite weight makes every logit non-finite; the guard must not apply that update.
            Tensor wpe = model.stateDict().get("wpe.weight");
            float[] poisoned = wpe.data().clone();
            poisoned[0] = Float.POSITIVE_INFINITY;
            var state = new java.util.LinkedHashMap<>(model.stateDict());
            state.put("wpe.weight", new Tensor(wpe.shape(), poisoned));
            model.loadStateDict(state);
            List<StepReport> reports = new ArrayList<>();
            try (Trainer trainer = Trainer.start(model, train, null, TrainingOptions.quick(2).withLogEvery(0))) {
                TrainingResult result = trainer.run(reports::add);
                assertEquals(2, result.skippedSteps());
            }
            assertTrue(reports.stream().allMatch(StepReport::skipped));
            assertEquals(Float.POSITIVE_INFINITY, model.stateDict().get("wpe.weight").data()[0], "no update was applied");
            assertEquals(state.get("h.0.attn.c_attn.weight"), model.stateDict().get("h.0.attn.c_attn.weight"));
        }
    }

    @Test
    void sequenceAccuracyCountsRepliesPredictedRightToTheEnd() {
        List<Example> pairs = IntStream.range(0, 6).mapToObj(i -> new Example("q" + i, "a" + i)).toList();
        try (LanguageModel model = LanguageModel.create(new GptConfig(2, 2, 32, 32, 260, 0f, true), TOKENIZER, 3)) {
            EvaluationResult before = Evaluator.evaluate(model, pairs);
            assertEquals(0.0, before.sequenceAccuracy(), "an untrained model gets no reply exactly right");
            Trainer.train(model, pairs, List.of(), TrainingOptions.quick(150).withLogEvery(0), null);
            EvaluationResult after = Evaluator.evaluate(model, pairs);
            assertEquals(1.0, after.tokenAccuracy(), 1e-9, "six memorised replies");
            assertEquals(1.0, after.sequenceAccuracy(), 1e-9);
            assertNotEquals(before.loss(), after.loss());
        }
    }

    @Test
    void mixIsAFunctionOfSeedStepAndMicroBatch() {
        assertEquals(Trainer.mix(1, 2, 0), Trainer.mix(1, 2, 0));
        assertNotEquals(Trainer.mix(1, 2, 0), Trainer.mix(1, 2, 1));
        assertNotEquals(Trainer.mix(1, 2, 0), Trainer.mix(1, 3, 0));
        assertNotEquals(Trainer.mix(1, 2, 0), Trainer.mix(2, 2, 0));
    }
}
