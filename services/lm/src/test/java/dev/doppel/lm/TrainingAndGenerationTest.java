package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains GptConfig.tiny once on "ping N" -> "pong N" and checks what training and generation promise. */
class TrainingAndGenerationTest {

    private static final int STEPS = 80;
    private static final List<Example> TRAIN = IntStream.range(0, 20).mapToObj(n -> new Example("ping " + n, "pong " + n)).toList();
    private static final List<Example> VALID = TRAIN.subList(0, 8);

    private static LanguageModel model;
    private static EvaluationResult before;
    private static TrainingResult result;
    private static final List<StepReport> REPORTS = new ArrayList<>();

    @BeforeAll
    static void train() {
        Engines.warmUp();
        model = LanguageModel.create(GptConfig.tiny(260), new ByteTokenizer(), 1337);
        before = Evaluator.evaluate(model, VALID);
        result = Trainer.train(model, TRAIN, VALID, TrainingOptions.quick(STEPS), REPORTS::add);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void validationLossFallsClearly() {
        EvaluationResult after = Evaluator.evaluate(model, VALID);
        assertTrue(after.loss() < before.loss() * 0.7, "loss " + before.loss() + " -> " + after.loss());
        assertEquals(Math.exp(after.loss()), after.perplexity(), 1e-9);
        assertTrue(after.tokenAccuracy() > before.tokenAccuracy());
        assertEquals(after.loss(), result.finalValidLoss(), 1e-6);
        assertEquals(0, result.skippedSteps());
    }

    @Test
    void reportsEveryStepWithThroughputAndPeriodicValidation() {
        assertEquals(STEPS, REPORTS.size());
        assertEquals(1, REPORTS.get(0).step());
        assertNull(REPORTS.get(0).validLoss());
        assertTrue(REPORTS.get(STEPS / 4 - 1).validLoss() != null);
        StepReport last = REPORTS.get(STEPS - 1);
        assertTrue(last.validLoss() != null && last.tokensPerSecond() > 0 && last.mfu() > 0 && last.stepMillis() > 0);
        assertEquals(result.tokensSeen(), last.tokensSeen());
        assertEquals(Trainer.learningRate(STEPS - 1, TrainingOptions.quick(STEPS)), last.learningRate(), 1e-12);
    }

    @Test
    void trainingAndGenerationLeaveNoArraysBehindInTheModelManager() {
        // dropout and bias=false exercise the other code paths (and the unused LayerNorm shift)
        try (LanguageModel scratch = LanguageModel.create(new GptConfig(1, 1, 8, 16, 260, 0.1f, false), new ByteTokenizer(), 1)) {
            long leaked = arraysLeftBehind(scratch, () -> {
                Trainer.train(scratch, TRAIN, VALID, new TrainingOptions(5, 4, 1, 1e-3f, 1, 0.1f, 0.1f, 1f, 2, 0, 1, 0), null);
                Generator.reply(scratch, "ping 1", GenerationOptions.sampling(5, 1.0, 0, 1));
            });
            assertEquals(0, leaked);
        }
    }

    @Test
    void trainsOnAWorkerThreadAsTheServicesWill() throws Exception {
        try (LanguageModel scratch = LanguageModel.create(new GptConfig(1, 2, 16, 32, 260, 0f, true), new ByteTokenizer(), 2)) {
            double initial = Evaluator.evaluate(scratch, VALID).loss();
            ExecutorService worker = Executors.newSingleThreadExecutor();
            try {
                TrainingResult trained = worker.submit(() -> Trainer.train(scratch, TRAIN, VALID,
                        new TrainingOptions(10, 8, 1, 1e-2f, 2, 0.1f, 0.1f, 1f, 0, 0, 1, 0), null)).get();
                assertTrue(trained.finalValidLoss() < initial, initial + " -> " + trained.finalValidLoss());
            } finally {
                worker.shutdownNow();
            }
        }
    }

    @Test
    void sameSeedSameReplyAndTheReplyEndsAtTheEndToken() {
        GenerationOptions options = GenerationOptions.sampling(100, 0.8, 20, 42);
        String first = Generator.reply(model, "ping 7", options);
        assertEquals(first, Generator.reply(model, "ping 7", options));
        assertFalse(first.isEmpty());
        assertTrue(first.length() < 30, "stopped at <end> long before maxTokens: " + first);
        String greedy = Generator.reply(model, "ping 3", GenerationOptions.sampling(100, 0, 0, 0));
        assertTrue(greedy.startsWith("pong"), greedy);
    }

    @Test
    void generationCountsItsTokensAndSaysWhyItStopped() {
        Generator.Generation done = Generator.generate(model, "ping 3", GenerationOptions.sampling(100, 0, 0, 0));
        assertEquals(Generator.FinishReason.STOP, done.finishReason());
        assertEquals(new ChatTemplate(model.tokenizer()).prompt("ping 3").length, done.promptTokens());
        assertEquals(model.tokenizer().encode(done.text()).length, done.completionTokens(), done.text());

        Generator.Generation cut = Generator.generate(model, "ping 3", GenerationOptions.sampling(2, 0, 0, 0));
        assertEquals(Generator.FinishReason.LENGTH, cut.finishReason());
        assertEquals(2, cut.completionTokens());
        assertEquals("po", cut.text());
    }

    @Test
    void repliesFromASavedCheckpoint(@TempDir Path dir) throws Exception {
        model.save(dir);
        try (LanguageModel loaded = LanguageModel.load(dir)) {
            String reply = Generator.reply(loaded, "ping 12", GenerationOptions.defaults());
            assertFalse(reply.isBlank(), "reply: '" + reply + "'");
            assertEquals(Generator.reply(model, "ping 12", GenerationOptions.defaults()), reply);
        }
    }

    @Test
    void concurrentRepliesMatchSequentialOnes() throws Exception {
        List<String> prompts = List.of("ping 1", "ping 2", "ping 3", "ping 4");
        GenerationOptions options = GenerationOptions.sampling(12, 1.0, 0, 3);
        List<String> sequential = prompts.stream().map(p -> Generator.reply(model, p, options)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = prompts.stream().map(p -> pool.submit(() -> Generator.reply(model, p, options))).toList();
            List<String> concurrent = new ArrayList<>();
            for (Future<String> future : futures) {
                concurrent.add(future.get());
            }
            assertEquals(sequential, concurrent);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void generationCropsALongPromptToTheContext() {
        String longPrompt = "ping ".repeat(100); // 500 bytes, far beyond blockSize 128
        long leaked = arraysLeftBehind(model, () -> {
            String reply = Generator.reply(model, longPrompt, GenerationOptions.sampling(150, 0.8, 0, 1));
            assertTrue(reply.length() <= 150);
        });
        assertEquals(0, leaked);
    }

    private static long arraysLeftBehind(LanguageModel model, Runnable work) {
        NDManager manager = model.manager();
        long before = manager.getManagedArrays().size();
        work.run();
        return manager.getManagedArrays().size() - before;
    }
}
