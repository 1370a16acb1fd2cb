package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WindowDecoderTest {

    private static final GptConfig CONFIG = DecoderFixtures.WITH_BIAS;
    private static LanguageModel model;
    private static WindowDecoder decoder;

    @BeforeAll
    static void createModel() {
        model = DecoderFixtures.perturbed(CONFIG, 11);
        decoder = new WindowDecoder(model);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void logitsAreTheLastPositionOfTheModelsForwardPass() {
        int[] prompt = DecoderFixtures.randomTokens(1, 20, CONFIG.vocabSize());
        Decoder.DecodeSession session = decoder.start(prompt);
        assertEquals(20, session.contextLength());
        assertArrayEquals(forwardLast(prompt), session.logits(), 0f);

        session.append(7);
        int[] longer = Arrays.copyOf(prompt, 21);
        longer[20] = 7;
        assertArrayEquals(forwardLast(longer), session.logits(), 0f);
    }

    @Test
    void aLongPromptKeepsItsLastBlockSizeTokens() {
        int[] prompt = DecoderFixtures.randomTokens(2, CONFIG.blockSize() + 9, CONFIG.vocabSize());
        Decoder.DecodeSession session = decoder.start(prompt);
        assertEquals(CONFIG.blockSize(), session.contextLength());
        assertArrayEquals(forwardLast(Arrays.copyOfRange(prompt, 9, prompt.length)), session.logits(), 0f);
    }

    @Test
    void anOverflowKeepsHalfTheWindowAndThenTakesTheNewToken() {
        int[] prompt = DecoderFixtures.randomTokens(3, CONFIG.blockSize(), CONFIG.vocabSize());
        Decoder.DecodeSession session = decoder.start(prompt);
        session.append(42);
        int kept = Decoder.keptOnOverflow(CONFIG.blockSize());
        assertEquals(kept + 1, session.contextLength());
        int[] expected = Arrays.copyOfRange(prompt, prompt.length - kept, prompt.length + 1);
        expected[kept] = 42;
        assertArrayEquals(forwardLast(expected), session.logits(), 0f);
    }

    @Test
    void aForkGrowsIndependently() {
        Decoder.DecodeSession original = decoder.start(new int[] {1, 2, 3});
        Decoder.DecodeSession fork = original.fork();
        fork.append(4);
        assertEquals(3, original.contextLength());
        assertArrayEquals(forwardLast(new int[] {1, 2, 3}), original.logits(), 0f);
        original.append(5);
        assertArrayEquals(forwardLast(new int[] {1, 2, 3, 4}), fork.logits(), 0f);
        assertArrayEquals(forwardLast(new int[] {1, 2, 3, 5}), original.logits(), 0f);
    }

    @Test
    void rejectsEmptyPromptsAndTokensOutsideTheVocabulary() {
        assertThrows(IllegalArgumentException.class, () -> decoder.start(new int[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.start(new int[] {1, 260}));
        assertTrue(e.getMessage().contains("260") && e.getMessage().contains("position 1"), e.getMessage());
        Decoder.DecodeSession session = decoder.start(new int[] {1});
        assertThrows(IllegalArgumentException.class, () -> session.append(-1));
        assertEquals(1, session.contextLength());
    }

    @Test
    void leavesNoArraysInTheModelsManager() {
        int before = model.manager().getManagedArrays().size();
        Decoder.DecodeSession session = decoder.start(new int[] {1, 2});
        for (int i = 0; i < 5; i++) {
            session.append(DecoderFixtures.argmax(session.logits()));
        }
        assertEquals(before, model.manager().getManagedArrays().size());
    }

    private static float[] forwardLast(int[] tokens) {
        long[] ids = Arrays.stream(tokens).asLongStream().toArray();
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
            return model.forward(new ParameterStore(manager, false), manager.create(ids, new Shape(1, ids.length)), false)
                    .get(0, ids.length - 1).toFloatArray();
        }
    }
}
