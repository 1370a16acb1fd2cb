package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageModelTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    private static final GptConfig SMALL = new GptConfig(2, 2, 32, 64, 260, 0f, true);
    private static final List<Example> EXAMPLES = List.of(new Example("how are you?", "fine, thanks"), new Example("你好", "😀 hi"));

    @Test
    void tinyConfigHasAboutOneHundredThousandParameters() {
        try (LanguageModel model = LanguageModel.create(GptConfig.tiny(TOKENIZER.vocabSize()), TOKENIZER, 1)) {
            // wte 260*64 + wpe 128*64 + 2 blocks * (12*64*64 + 13*64) + ln_f 2*64
            assertEquals(260 * 64 + 128 * 64 + 2 * (12 * 64 * 64 + 13 * 64) + 2 * 64, model.parameterCount());
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        try (LanguageModel a = LanguageModel.create(SMALL, TOKENIZER, 5);
             LanguageModel b = LanguageModel.create(SMALL, TOKENIZER, 5);
             LanguageModel c = LanguageModel.create(SMALL, TOKENIZER, 6)) {
            assertArrayEquals(logits(a), logits(b), 0f);
            assertFalse(java.util.Arrays.equals(logits(a), logits(c)));
        }
    }

    @Test
    void saveThenLoadGivesIdenticalLogitsLossAndConfig(@TempDir Path dir) throws IOException {
        Path checkpoint = dir.resolve("ckpt-000010");
        try (LanguageModel model = LanguageModel.create(SMALL, TOKENIZER, 9)) {
            Trainer.train(model, EXAMPLES, List.of(), new TrainingOptions(3, 2, 1, 1e-2f, 1, 0.1f, 0.1f, 1f, 0, 0, 1, 0), null);
            model.putMetadata("run", "unit-test");
            float[] before = logits(model);
            double lossBefore = Evaluator.evaluate(model, EXAMPLES).loss();
            model.save(checkpoint);

            assertTrue(Files.exists(checkpoint.resolve(LanguageModel.CONFIG_FILE)));
            assertTrue(Files.exists(checkpoint.resolve(LanguageModel.PARAMETERS_FILE)));
            try (LanguageModel loaded = LanguageModel.load(checkpoint)) {
                assertEquals(SMALL, loaded.config());
                assertEquals(model.parameterCount(), loaded.parameterCount());
                assertEquals("unit-test", loaded.metadata().get("run"));
                assertTrue(loaded.metadata().get("lastTraining") instanceof Map<?, ?>);
                assertArrayEquals(before, logits(loaded), 0f);
                assertEquals(lossBefore, Evaluator.evaluate(loaded, EXAMPLES).loss(), 0.0);
            }
        }
    }

    @Test
    void loadToleratesMissingOptionalKeysAndRejectsUnknownTokenizers(@TempDir Path dir) throws IOException {
        try (LanguageModel model = LanguageModel.create(SMALL, TOKENIZER, 1)) {
            model.save(dir);
        }
        String json = Files.readString(dir.resolve(LanguageModel.CONFIG_FILE));
        Files.writeString(dir.resolve(LanguageModel.CONFIG_FILE), json.replaceAll("\"metadata\"[^}]*}", "\"x\" : 1")
                .replaceAll(",\\s*\"dropout\"\\s*:\\s*[0-9.]+", ""));
        try (LanguageModel loaded = LanguageModel.load(dir)) {
            assertEquals(SMALL, loaded.config());
            assertTrue(loaded.metadata().isEmpty());
        }
        Files.writeString(dir.resolve(LanguageModel.CONFIG_FILE), json.replace("\"byte\"", "\"bpe-9\""));
        IOException e = assertThrows(IOException.class, () -> LanguageModel.load(dir));
        assertTrue(e.getMessage().contains("bpe-9"), e.getMessage());
    }

    @Test
    void rejectsAConfigWhoseVocabularyDiffersFromTheTokenizer() {
        assertThrows(IllegalArgumentException.class, () -> LanguageModel.create(GptConfig.tiny(100), TOKENIZER, 1));
    }

    @Test
    void noGradSwitchesAutogradOffOnTheCallingThreadAndRestoresIt() throws Exception {
        try (LanguageModel model = LanguageModel.create(SMALL, TOKENIZER, 1)) {
            boolean[] seen = new boolean[4];
            Thread worker = new Thread(() -> {
                seen[0] = JniUtils.isGradMode(); // on by default on threads that did not load the engine
                try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
                    seen[1] = JniUtils.isGradMode();
                    seen[2] = model.forward(new ParameterStore(manager, false),
                            manager.create(new long[] {1, 2}, new Shape(1, 2)), false).hasGradient();
                }
                seen[3] = JniUtils.isGradMode();
            });
            worker.start();
            worker.join();
            assertTrue(seen[0]);
            assertFalse(seen[1]);
            assertFalse(seen[2]);
            assertTrue(seen[3]);
        }
    }

    static float[] logits(LanguageModel model) {
        int[] tokens = new ChatTemplate(model.tokenizer()).encode(EXAMPLES.get(1)).tokens();
        long[] ids = java.util.Arrays.stream(tokens).asLongStream().toArray();
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
            return model.forward(new ParameterStore(manager, false), manager.create(ids, new Shape(1, ids.length)), false)
                    .toFloatArray();
        }
    }
}
