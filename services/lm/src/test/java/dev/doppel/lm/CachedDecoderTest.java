package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.lm.kernels.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CachedDecoder against DJL's forward pass (through WindowDecoder): logits within 1e-4 over a prompt and
 * enough appends to overflow the context several times, for every kernel, thread count and bias setting.
 */
class CachedDecoderTest {

    private static final float TOLERANCE = 1e-4f;
    private static final int PROMPT = 13;
    private static final int APPENDS = 110; // blockSize 48 and 40: three or more overflows

    /** A model, the tokens fed to it, and WindowDecoder's logits after each (computed once, compared many times). */
    private record Reference(String name, GptConfig config, Map<String, Tensor> state, int[] prompt, int[] appends,
                             List<float[]> logits, List<Integer> lengths) {
    }

    private static final Map<String, Reference> REFERENCES = new LinkedHashMap<>();
    private static LanguageModel greedyModel;

    @BeforeAll
    static void computeReferences() {
        addReference("bias", DecoderFixtures.perturbed(DecoderFixtures.WITH_BIAS, 21));
        addReference("no-bias", DecoderFixtures.perturbed(DecoderFixtures.WITHOUT_BIAS, 22));
        addReference("trained", DecoderFixtures.trained(DecoderFixtures.WITH_BIAS, 23));
        greedyModel = DecoderFixtures.trained(DecoderFixtures.WITH_BIAS, 5);
    }

    private static void addReference(String name, LanguageModel model) {
        try (model) {
            GptConfig config = model.config();
            int[] prompt = DecoderFixtures.randomTokens(name.hashCode(), PROMPT, config.vocabSize());
            int[] appends = DecoderFixtures.randomTokens(name.hashCode() + 1, APPENDS, config.vocabSize());
            List<float[]> logits = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            Decoder.DecodeSession session = new WindowDecoder(model).start(prompt);
            logits.add(session.logits().clone());
            lengths.add(session.contextLength());
            for (int token : appends) {
                session.append(token);
                logits.add(session.logits().clone());
                lengths.add(session.contextLength());
            }
            REFERENCES.put(name, new Reference(name, config, model.stateDict(), prompt, appends, logits, lengths));
        }
    }

    @AfterAll
    static void closeModels() {
        greedyModel.close();
    }

    static Stream<Arguments> variants() {
        List<Arguments> variants = new ArrayList<>();
        for (String model : List.of("bias", "no-bias", "trained")) {
            for (String kernels : List.of("vector", "scalar")) {
                for (int threads : new int[] {1, 2}) {
                    variants.add(Arguments.of(model, kernels, threads));
                }
            }
        }
        return variants.stream();
    }

    private static Kernels kernels(String name) {
        return name.equals("vector") ? Kernels.vector() : Kernels.scalar();
    }

    @Test
    void testsRunWithTheVectorApi() {
        // surefire's argLine adds jdk.incubator.vector; without it the "vector" variants would not test vectors
        assertTrue(Kernels.vectorAvailable());
        assertTrue(Kernels.best().name().startsWith("vector"), Kernels.best().name());
    }

    @ParameterizedTest(name = "{0} model, {1} kernels, {2} thread(s)")
    @MethodSource("variants")
    void logitsMatchDjlAcrossOverflows(String model, String kernelName, int threads) {
        Reference reference = REFERENCES.get(model);
        try (CachedDecoder decoder = new CachedDecoder(reference.config(), reference.state(), kernels(kernelName), threads)) {
            Decoder.DecodeSession session = decoder.start(reference.prompt());
            float worst = compare(reference, 0, session, 0f);
            for (int i = 0; i < reference.appends().length; i++) {
                session.append(reference.appends()[i]);
                worst = compare(reference, i + 1, session, worst);
            }
            System.out.printf("%s / %s / %d thread(s): max |cached - djl| = %.2e%n", model, kernelName, threads, worst);
        }
    }

    private static float compare(Reference reference, int step, Decoder.DecodeSession session, float worst) {
        assertEquals(reference.lengths().get(step), session.contextLength(), "context length after step " + step);
        float[] expected = reference.logits().get(step);
        float[] actual = session.logits();
        assertEquals(expected.length, actual.length);
        for (int v = 0; v < expected.length; v++) {
            float error = Math.abs(expected[v] - actual[v]);
            if (!(error <= TOLERANCE)) {
                throw new AssertionError("step " + step + " (context " + session.contextLength() + "), token " + v
                        + ": expected " + expected[v] + ", got " + actual[v]);
            }
            worst = Math.max(worst, error);
        }
        return worst;
    }

    @Test
    void referenceLogitsAreNotTrivial() {
        // the comparison means something only if the logits vary well beyond the tolerance
        for (Reference reference : REFERENCES.values()) {
            float[] logits = reference.logits().get(reference.logits().size() - 1);
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float logit : logits) {
                min = Math.min(min, logit);
                max = Math.max(max, logit);
            }
            assertTrue(max - min > 0.5f, reference.name() + ": logits span only " + (max - min));
        }
    }

    @Test
    void greedyDecodingPicksTheSameTokensWithAndWithoutTheCache() {
        int[] prompt = new ChatTemplate(greedyModel.tokenizer()).prompt("abc 3");
        List<Integer> uncached = greedy(new WindowDecoder(greedyModel), prompt, 120);
        for (Kernels kernels : List.of(Kernels.vector(), Kernels.scalar())) {
            try (CachedDecoder cached = new CachedDecoder(greedyModel.config(), greedyModel.stateDict(), kernels, 1)) {
                assertEquals(uncached, greedy(cached, prompt, 120), kernels.name());
            }
        }
        String text = greedyModel.tokenizer().decode(uncached.stream().mapToInt(Integer::intValue).toArray());
        assertTrue(uncached.stream().distinct().count() > 10, "a repetitive run proves little: " + text);
    }

    private static List<Integer> greedy(Decoder decoder, int[] prompt, int tokens) {
        List<Integer> produced = new ArrayList<>();
        Decoder.DecodeSession session = decoder.start(prompt);
        for (int i = 0; i < tokens; i++) {
            int next = DecoderFixtures.argmax(session.logits());
            produced.add(next);
            session.append(next);
        }
        return produced;
    }

    @Test
    void forksAreIndependentSessions() {
        Reference reference = REFERENCES.get("bias");
        int blockSize = reference.config().blockSize();
        try (CachedDecoder decoder = new CachedDecoder(reference.config(), reference.state())) {
            int[] prompt = DecoderFixtures.randomTokens(7, blockSize - 2, reference.config().vocabSize());
            Decoder.DecodeSession original = decoder.start(prompt);
            float[] originalLogits = original.logits().clone();
            Decoder.DecodeSession fork = original.fork();
            assertArrayEquals(originalLogits, fork.logits(), 0f);
            assertEquals(original.contextLength(), fork.contextLength());

            // the fork runs on past an overflow; the original must not notice
            int[] forkTokens = {3, 1, 4, 1, 5};
            for (int token : forkTokens) {
                fork.append(token);
            }
            assertEquals(prompt.length, original.contextLength());
            assertArrayEquals(originalLogits, original.logits(), 0f);

            original.append(9);
            assertArrayEquals(decoder.start(concat(prompt, 9)).logits(), original.logits(), 0f);
            Decoder.DecodeSession fresh = decoder.start(prompt);
            for (int token : forkTokens) {
                fresh.append(token);
            }
            assertEquals(fresh.contextLength(), fork.contextLength());
            assertArrayEquals(fresh.logits(), fork.logits(), 0f);
            assertNotEquals(fork.logits()[0], original.logits()[0]);
        }
    }

    @Test
    void aPromptPrefilledInBatchesGivesTheLogitsOfOneTokenAtATime() {
        for (Reference reference : REFERENCES.values()) {
            for (Kernels kernels : List.of(Kernels.vector(), Kernels.scalar())) {
                try (CachedDecoder decoder = new CachedDecoder(reference.config(), reference.state(), kernels, 1)) {
                    int[] prompt = DecoderFixtures.randomTokens(9, reference.config().blockSize() - 1, reference.config().vocabSize());
                    Decoder.DecodeSession batched = decoder.start(prompt); // rows of CachedDecoder.ROWS, then the rest
                    Decoder.DecodeSession single = decoder.start(new int[] {prompt[0]});
                    for (int i = 1; i < prompt.length; i++) {
                        single.append(prompt[i]);
                    }
                    assertArrayEquals(single.logits(), batched.logits(), 0f, reference.name() + ", " + kernels.name());
                    batched.append(5); // and on into an overflow, which prefills the kept half in batches again
                    single.append(5);
                    batched.append(6);
                    single.append(6);
                    assertArrayEquals(single.logits(), batched.logits(), 0f, reference.name() + ", " + kernels.name());
                }
            }
        }
    }

    @Test
    void aLongPromptKeepsItsLastBlockSizeTokens() {
        Reference reference = REFERENCES.get("no-bias");
        int blockSize = reference.config().blockSize();
        try (CachedDecoder decoder = new CachedDecoder(reference.config(), reference.state())) {
            int[] prompt = DecoderFixtures.randomTokens(8, blockSize + 17, reference.config().vocabSize());
            Decoder.DecodeSession session = decoder.start(prompt);
            assertEquals(blockSize, session.contextLength());
            assertArrayEquals(decoder.start(Arrays.copyOfRange(prompt, 17, prompt.length)).logits(), session.logits(), 0f);
        }
    }

    @Test
    void sessionsOnSeveralThreadsShareATwoThreadDecoder() throws Exception {
        Reference reference = REFERENCES.get("bias");
        try (CachedDecoder single = new CachedDecoder(reference.config(), reference.state(), Kernels.best(), 1);
             CachedDecoder shared = new CachedDecoder(reference.config(), reference.state(), Kernels.best(), 2)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int stream = 0; stream < 3; stream++) {
                    int seed = stream;
                    results.add(pool.submit(() -> decode(shared, reference, seed)));
                }
                for (int stream = 0; stream < 3; stream++) {
                    assertArrayEquals(decode(single, reference, stream), results.get(stream).get(), 0f);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[] decode(Decoder decoder, Reference reference, int seed) {
        Decoder.DecodeSession session = decoder.start(DecoderFixtures.randomTokens(seed, 5, reference.config().vocabSize()));
        for (int token : DecoderFixtures.randomTokens(seed + 100, 60, reference.config().vocabSize())) {
            session.append(token);
        }
        return session.logits().clone();
    }

    @Test
    void rejectsStateDictsThatDoNotFitTheConfig() {
        Reference reference = REFERENCES.get("bias");
        GptConfig config = reference.config();

        Map<String, Tensor> missing = new LinkedHashMap<>(reference.state());
        missing.remove("h.1.mlp.c_fc.bias");
        assertMessage("h.1.mlp.c_fc.bias", () -> new CachedDecoder(config, missing));

        Map<String, Tensor> misshapen = new LinkedHashMap<>(reference.state());
        misshapen.put("h.0.attn.c_attn.weight", misshapen.get("h.0.attn.c_attn.weight").transpose2d());
        assertMessage("h.0.attn.c_attn.weight", () -> new CachedDecoder(config, misshapen));

        Map<String, Tensor> unknown = new LinkedHashMap<>(reference.state());
        unknown.put("lm_head.weight", unknown.get("wte.weight"));
        assertMessage("lm_head.weight", () -> new CachedDecoder(config, unknown));

        Reference noBias = REFERENCES.get("no-bias");
        Map<String, Tensor> shifted = new LinkedHashMap<>(noBias.state());
        float[] shift = new float[noBias.config().nEmbd()];
        shift[3] = 0.5f;
        shifted.put("ln_f.bias", new Tensor(new long[] {shift.length}, shift));
        assertMessage("ln_f.bias", () -> new CachedDecoder(noBias.config(), shifted));
    }

    @Test
    void rejectsEmptyPromptsAndTokensOutsideTheVocabulary() {
        Reference reference = REFERENCES.get("bias");
        try (CachedDecoder decoder = new CachedDecoder(reference.config(), reference.state())) {
            assertThrows(IllegalArgumentException.class, () -> decoder.start(new int[0]));
            assertMessage("position 2", () -> decoder.start(new int[] {1, 2, 999}));
            Decoder.DecodeSession session = decoder.start(new int[] {1});
            float[] before = session.logits().clone();
            assertThrows(IllegalArgumentException.class, () -> session.append(260));
            assertEquals(1, session.contextLength());
            assertArrayEquals(before, session.logits(), 0f);
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static int[] concat(int[] tokens, int token) {
        int[] longer = Arrays.copyOf(tokens, tokens.length + 1);
        longer[tokens.length] = token;
        return longer;
    }
}
