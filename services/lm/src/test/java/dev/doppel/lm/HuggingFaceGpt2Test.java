package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.lm.bench.SizedTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuggingFaceGpt2Test {

    static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    static final GptConfig SMALL = new GptConfig(2, 2, 32, 64, 260, 0.1f, true);
    static final List<Example> EXAMPLES = List.of(new Example("how are you?", "fine, thanks"), new Example("你好", "😀 hi"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void exportWritesTheNamesShapesAndConfigThatSavePretrainedWrites() throws IOException {
        try (LanguageModel model = LanguageModel.create(SMALL, TOKENIZER, 3)) {
            HuggingFaceGpt2.export(model, dir);
        }
        List<String> expected = new ArrayList<>(List.of("transformer.wte.weight", "transformer.wpe.weight"));
        for (int i = 0; i < 2; i++) {
            for (String suffix : List.of("ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
                    "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight",
                    "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias")) {
                expected.add("transformer.h." + i + "." + suffix);
            }
        }
        expected.addAll(List.of("transformer.ln_f.weight", "transformer.ln_f.bias"));
        try (Safetensors weights = Safetensors.open(dir.resolve(HuggingFaceGpt2.WEIGHTS_FILE))) {
            assertEquals(expected, weights.names()); // no lm_head.weight: it is tied
            assertEquals(Map.of("format", "pt"), weights.metadata());
            assertArrayEquals(new long[] {260, 32}, weights.info("transformer.wte.weight").shape());
            assertArrayEquals(new long[] {64, 32}, weights.info("transformer.wpe.weight").shape());
            assertArrayEquals(new long[] {32, 96}, weights.info("transformer.h.0.attn.c_attn.weight").shape());
            assertArrayEquals(new long[] {32, 128}, weights.info("transformer.h.1.mlp.c_fc.weight").shape());
            assertArrayEquals(new long[] {128, 32}, weights.info("transformer.h.1.mlp.c_proj.weight").shape());
        }

        JsonNode config = JSON.readTree(dir.resolve(HuggingFaceGpt2.CONFIG_FILE).toFile());
        assertEquals("gpt2", config.path("model_type").asText());
        assertEquals("GPT2LMHeadModel", config.path("architectures").path(0).asText());
        assertEquals(260, config.path("vocab_size").asInt());
        assertEquals(64, config.path("n_positions").asInt());
        assertEquals(64, config.path("n_ctx").asInt());
        assertEquals(32, config.path("n_embd").asInt());
        assertEquals(2, config.path("n_layer").asInt());
        assertEquals(2, config.path("n_head").asInt());
        assertEquals("gelu", config.path("activation_function").asText());
        assertEquals(1e-5, config.path("layer_norm_epsilon").asDouble());
        assertEquals("0.1", config.path("resid_pdrop").asText());
        assertEquals(0.1, config.path("embd_pdrop").asDouble());
        assertEquals(0.1, config.path("attn_pdrop").asDouble());
        assertTrue(config.path("tie_word_embeddings").asBoolean());
        assertEquals(ByteTokenizer.END, config.path("bos_token_id").asInt());
        assertEquals(ByteTokenizer.END, config.path("eos_token_id").asInt());
        assertEquals("float32", config.path("torch_dtype").asText());
        assertEquals(32, config.path("doppel").path("config").path("nEmbd").asInt());
        assertEquals("byte", config.path("doppel").path("tokenizer").asText());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("config.json", "model.safetensors"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void exportThenLoadGivesIdenticalParametersLogitsConfigAndMetadata() throws IOException {
        try (LanguageModel model = trainedABit(SMALL, 5)) {
            model.putMetadata("run", "hf-round-trip");
            HuggingFaceGpt2.export(model, dir);
            try (LanguageModel loaded = HuggingFaceGpt2.load(dir, TOKENIZER, 99)) {
                assertEquals(SMALL, loaded.config());
                assertEquals(model.stateDict(), loaded.stateDict());
                assertArrayEquals(logits(model, chatTokens(model)), logits(loaded, chatTokens(model)), 0f);
                assertEquals("hf-round-trip", loaded.metadata().get("run"));
                assertTrue(loaded.metadata().get("lastTraining") instanceof Map<?, ?>);
            }
        }
    }

    @Test
    void aBpeModelExportsItsTokenizerAsGpt2VocabAndMerges() throws IOException {
        BpeTokenizer bpe = BpeTrainer.train(BpeTestTexts.englishLike(20_000, 3), 400);
        GptConfig config = new GptConfig(1, 2, 16, 32, bpe.vocabSize(), 0f, true);
        try (LanguageModel model = LanguageModel.create(config, bpe, 4)) {
            HuggingFaceGpt2.export(model, dir);
        }
        BpeTokenizer read = HuggingFaceBpeFiles.read(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        String text = "The meeting moved to Thursday, café 你好 🙂 — see you there!";
        assertArrayEquals(bpe.encode(text), read.encode(text));
        assertEquals(text, read.decode(read.encode(text)));
    }

    @Test
    void biasFreeModelExportsZeroBiasesAndComesBackBiasFree() throws IOException {
        GptConfig biasFree = new GptConfig(2, 2, 32, 64, 260, 0f, false);
        try (LanguageModel model = trainedABit(biasFree, 6)) {
            HuggingFaceGpt2.export(model, dir);
            Map<String, Tensor> written = Safetensors.readAll(dir.resolve(HuggingFaceGpt2.WEIGHTS_FILE));
            assertEquals(new Tensor(new long[] {96}, new float[96]), written.get("transformer.h.0.attn.c_attn.bias"));
            assertEquals(new Tensor(new long[] {32}, new float[32]), written.get("transformer.h.1.mlp.c_proj.bias"));
            try (LanguageModel loaded = HuggingFaceGpt2.load(dir, TOKENIZER, 1)) {
                assertEquals(biasFree, loaded.config());
                assertEquals(model.stateDict(), loaded.stateDict());
                assertArrayEquals(logits(model, chatTokens(model)), logits(loaded, chatTokens(model)), 0f);
            }

            // Fine-tuned elsewhere, its biases are no longer zero: dropping them would change the model.
            written.put("transformer.h.1.mlp.c_fc.bias", new Tensor(new long[] {128}, filled(128, 0.25f)));
            Safetensors.write(dir.resolve(HuggingFaceGpt2.WEIGHTS_FILE), written, Map.of("format", "pt"));
            try (LanguageModel loaded = HuggingFaceGpt2.load(dir, TOKENIZER, 1)) {
                assertTrue(loaded.config().bias());
                assertEquals(written.get("transformer.h.1.mlp.c_fc.bias"), loaded.stateDict().get("h.1.mlp.c_fc.bias"));
            }
        }
    }

    @Test
    void gpt2StyleCheckpointWithoutPrefixWithMaskBuffersAndTiedHeadImports() throws IOException {
        try (LanguageModel source = trainedABit(SMALL, 7)) {
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> entry : source.stateDict().entrySet()) {
                state.put(entry.getKey(), entry.getValue());
                if (entry.getKey().endsWith("ln_1.bias")) {
                    String layer = entry.getKey().substring(0, entry.getKey().length() - "ln_1.bias".length());
                    state.put(layer + "attn.bias", causalMask(64));
                    state.put(layer + "attn.masked_bias", new Tensor(new long[] {}, new float[] {-1e4f}));
                }
            }
            state.put("lm_head.weight", state.get("wte.weight"));
            writeGpt2Style(dir, state, 260, "gelu_new");

            try (LanguageModel loaded = HuggingFaceGpt2.load(dir, TOKENIZER, 1)) {
                assertEquals(new GptConfig(2, 2, 32, 64, 260, 0.1f, true), loaded.config());
                assertEquals(source.stateDict(), loaded.stateDict());
                assertArrayEquals(logits(source, chatTokens(source)), logits(loaded, chatTokens(source)), 0f);
                assertTrue(loaded.metadata().isEmpty());
            }
        }
    }

    @Test
    void anLmHeadThatDiffersFromWteIsRejected() throws IOException {
        try (LanguageModel source = LanguageModel.create(SMALL, TOKENIZER, 1)) {
            Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
            Tensor wte = state.get("wte.weight");
            float[] head = wte.data().clone();
            head[7] += 1f;
            state.put("lm_head.weight", new Tensor(wte.shape(), head));
            writeGpt2Style(dir, state, 260, "gelu");
        }
        IOException e = assertThrows(IOException.class, () -> HuggingFaceGpt2.load(dir, TOKENIZER, 1));
        assertTrue(e.getMessage().contains("lm_head.weight") && e.getMessage().contains(HuggingFaceGpt2.WEIGHTS_FILE), e.getMessage());
    }

    @Test
    void aLargerTokenizerGrowsWteAndKeepsEveryOldRow() throws IOException {
        SizedTokenizer gpt2Like = new SizedTokenizer(256);
        GptConfig config = new GptConfig(2, 2, 32, 64, 256, 0.1f, true);
        try (LanguageModel source = trainedABit(config, gpt2Like, 8)) {
            writeGpt2Style(dir, source.stateDict(), 256, "gelu");
            int[] tokens = TOKENIZER.encode("grow the vocabulary, keep the rest");
            try (LanguageModel grown = HuggingFaceGpt2.load(dir, TOKENIZER, 11);
                 LanguageModel again = HuggingFaceGpt2.load(dir, TOKENIZER, 11);
                 LanguageModel otherSeed = HuggingFaceGpt2.load(dir, TOKENIZER, 12)) {
                assertEquals(260, grown.config().vocabSize());
                float[] oldWte = source.stateDict().get("wte.weight").data();
                float[] newWte = grown.stateDict().get("wte.weight").data();
                assertArrayEquals(oldWte, Arrays.copyOf(newWte, oldWte.length), 0f);
                float[] newRows = Arrays.copyOfRange(newWte, oldWte.length, newWte.length);
                double sumSquares = 0;
                for (float value : newRows) {
                    sumSquares += value * value;
                }
                double std = Math.sqrt(sumSquares / newRows.length);
                assertTrue(std > 0.015 && std < 0.025, "new rows ~ N(0, 0.02), std " + std);
                assertEquals(grown.stateDict(), again.stateDict(), "same seed, same new rows");
                assertNotEquals(grown.stateDict().get("wte.weight"), otherSeed.stateDict().get("wte.weight"));
                for (String name : source.stateDict().keySet()) {
                    if (!name.equals("wte.weight")) {
                        assertEquals(source.stateDict().get(name), grown.stateDict().get(name), name);
                    }
                }
                // The old ids' logits do not depend on the new rows.
                float[] before = logits(source, tokens);
                float[] after = logits(grown, tokens);
                for (int t = 0; t < tokens.length; t++) {
                    assertArrayEquals(Arrays.copyOfRange(before, t * 256, (t + 1) * 256),
                            Arrays.copyOfRange(after, t * 260, t * 260 + 256), 0f);
                }
            }
        }
    }

    @Test
    void aSmallerTokenizerIsAnError() throws IOException {
        try (LanguageModel source = LanguageModel.create(SMALL, TOKENIZER, 1)) {
            writeGpt2Style(dir, source.stateDict(), 260, "gelu");
        }
        IOException e = assertThrows(IOException.class, () -> HuggingFaceGpt2.load(dir, new SizedTokenizer(256), 1));
        assertTrue(e.getMessage().contains("260") && e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void unsupportedConfigsAreRejectedNamingTheField() throws IOException {
        try (LanguageModel model = LanguageModel.create(SMALL, TOKENIZER, 1)) {
            HuggingFaceGpt2.export(model, dir);
        }
        Path configFile = dir.resolve(HuggingFaceGpt2.CONFIG_FILE);
        ObjectNode original = (ObjectNode) JSON.readTree(configFile.toFile());
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("model_type", "llama");
        bad.put("activation_function", "relu");
        bad.put("layer_norm_epsilon", 1e-6);
        bad.put("n_inner", 100);
        bad.put("scale_attn_by_inverse_layer_idx", true);
        bad.put("n_head", 5);
        for (Map.Entry<String, Object> field : bad.entrySet()) {
            ObjectNode edited = original.deepCopy();
            edited.set(field.getKey(), JSON.valueToTree(field.getValue()));
            JSON.writeValue(configFile.toFile(), edited);
            IOException e = assertThrows(IOException.class, () -> HuggingFaceGpt2.load(dir, TOKENIZER, 1), field.getKey());
            assertTrue(e.getMessage().contains(configFile.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(field.getKey()) || e.getMessage().contains("nHead"), e.getMessage());
        }

        ObjectNode otherTokenizer = original.deepCopy();
        ((ObjectNode) otherTokenizer.path("doppel")).put("tokenizer", "bpe-9");
        JSON.writeValue(configFile.toFile(), otherTokenizer);
        IOException e = assertThrows(IOException.class, () -> HuggingFaceGpt2.load(dir, TOKENIZER, 1));
        assertTrue(e.getMessage().contains("bpe-9"), e.getMessage());

        Files.delete(configFile);
        e = assertThrows(IOException.class, () -> HuggingFaceGpt2.load(dir, TOKENIZER, 1));
        assertTrue(e.getMessage().contains(configFile.toString()), e.getMessage());
    }

    /** Pins {@code "activation_function": "gelu"} in the export: DJL's PyTorch GELU is the exact erf form. */
    @Test
    void djlGeluIsTheExactErfGeluNotTheTanhApproximation() {
        float[] x = {1f, -1f, 2f, 3f};
        double[] exact = {0.8413447460685429, -0.15865525393145707, 1.9544997361036416, 2.99595030590511};
        double[] tanh = {0.8411919906082768, -0.15880800939172324, 1.954597694087775, 2.996362607918227};
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            float[] y = Activation.gelu(manager.create(x)).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(exact[i], y[i], 1e-6, "gelu(" + x[i] + ")");
                assertFalse(Math.abs(tanh[i] - y[i]) < 1e-5, "gelu(" + x[i] + ") matches the tanh approximation");
            }
        }
    }

    // ---- helpers shared with HuggingFaceGpt2NumpyCheckTest ----

    static LanguageModel trainedABit(GptConfig config, long seed) {
        return trainedABit(config, TOKENIZER, seed);
    }

    static LanguageModel trainedABit(GptConfig config, Tokenizer tokenizer, long seed) {
        LanguageModel model = LanguageModel.create(config, tokenizer, seed);
        Trainer.train(model, EXAMPLES, List.of(), new TrainingOptions(3, 2, 1, 1e-2f, 1, 0.1f, 0.1f, 1f, 0, 0, seed, 0), null);
        return model;
    }

    static int[] chatTokens(LanguageModel model) {
        return new ChatTemplate(model.tokenizer()).encode(EXAMPLES.get(1)).tokens();
    }

    /** Logits (T, V) flattened, for one sequence. */
    static float[] logits(LanguageModel model, int[] tokens) {
        long[] ids = Arrays.stream(tokens).asLongStream().toArray();
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
            return model.forward(new ParameterStore(manager, false), manager.create(ids, new Shape(1, ids.length)), false)
                    .toFloatArray();
        }
    }

    /** A directory like the GPT-2 checkpoints on the Hub: no prefix, no doppel key, GPT2Config's fields. */
    private static void writeGpt2Style(Path dir, Map<String, Tensor> state, int vocabSize, String activation) throws IOException {
        Safetensors.write(dir.resolve(HuggingFaceGpt2.WEIGHTS_FILE), state, Map.of("format", "pt"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("activation_function", activation);
        config.put("architectures", List.of("GPT2LMHeadModel"));
        config.put("attn_pdrop", 0.1);
        config.put("bos_token_id", vocabSize - 1);
        config.put("embd_pdrop", 0.1);
        config.put("eos_token_id", vocabSize - 1);
        config.put("initializer_range", 0.02);
        config.put("layer_norm_epsilon", 1e-05);
        config.put("model_type", "gpt2");
        config.put("n_ctx", 64);
        config.put("n_embd", 32);
        config.put("n_head", 2);
        config.put("n_layer", 2);
        config.put("n_positions", 64);
        config.put("resid_pdrop", 0.1);
        config.put("summary_type", "cls_index");
        config.put("vocab_size", vocabSize);
        JSON.writeValue(dir.resolve(HuggingFaceGpt2.CONFIG_FILE).toFile(), config);
    }

    private static Tensor causalMask(int size) {
        float[] values = new float[size * size];
        for (int row = 0; row < size; row++) {
            for (int col = 0; col <= row; col++) {
                values[row * size + col] = 1f;
            }
        }
        return new Tensor(new long[] {1, 1, size, size}, values);
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        Arrays.fill(values, value);
        return values;
    }
}
