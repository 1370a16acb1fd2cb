package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every generation option against a hand-set Markov chain, where the right answer is known exactly. */
class GeneratorTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    private static final int END = ByteTokenizer.END;
    private static final int[] PROMPT = {ByteTokenizer.USER, 'q', ByteTokenizer.ASSISTANT};

    private static List<Generator.Generation> run(MarkovDecoder decoder, GenerationOptions options) {
        return Generator.generate(decoder, TOKENIZER, PROMPT, options, TextStream.NONE);
    }

    private static String text(MarkovDecoder decoder, GenerationOptions options) {
        return run(decoder, options).get(0).text();
    }

    /** assistant -> h -> i -> END, each certain. */
    private static MarkovDecoder hi() {
        return new MarkovDecoder(260).after(ByteTokenizer.ASSISTANT, 'h').after('h', 'i').after('i', END);
    }

    @Test
    void greedyFollowsTheChainAndStopsAtTheEndOfTurn() {
        Generator.Generation g = run(hi(), GenerationOptions.greedy(50)).get(0);
        assertEquals("hi", g.text());
        assertEquals(Generator.FinishReason.STOP, g.finishReason());
        assertEquals(2, g.completionTokens());
        assertEquals(PROMPT.length, g.promptTokens());
    }

    @Test
    void maxTokensCutsTheReplyWithFinishReasonLength() {
        Generator.Generation g = run(hi(), GenerationOptions.greedy(1)).get(0);
        assertEquals("h", g.text());
        assertEquals(Generator.FinishReason.LENGTH, g.finishReason());
    }

    @Test
    void chatMarkersAndPaddingAreNeverWrittenEvenWhenMostLikely() {
        MarkovDecoder decoder = new MarkovDecoder(260)
                .after(ByteTokenizer.ASSISTANT, new int[] {ByteTokenizer.USER, ByteTokenizer.PAD, 'x'}, new double[] {0.6, 0.3, 0.1})
                .after('x', END);
        assertEquals("x", text(decoder, GenerationOptions.greedy(5)));
    }

    /** After the assistant marker: 'a' or 'b' equally likely, then a loop of 'a' or 'b' equally likely, 8 tokens. */
    private static MarkovDecoder coinFlips() {
        int[] ab = {'a', 'b'};
        double[] half = {0.5, 0.5};
        return new MarkovDecoder(260).after(ByteTokenizer.ASSISTANT, ab, half).after('a', ab, half).after('b', ab, half);
    }

    @Test
    void theSameSeedGivesTheSameTextAndOtherSeedsOtherTexts() {
        GenerationOptions options = GenerationOptions.sampling(16, 1.0, 0, 42);
        assertEquals(text(coinFlips(), options), text(coinFlips(), options));
        Set<String> texts = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            texts.add(text(coinFlips(), options.withSeed(seed)));
        }
        assertTrue(texts.size() > 5, "ten seeds, " + texts.size() + " distinct texts");
    }

    @Test
    void nCandidatesAreIndependentSamples() {
        List<Generator.Generation> candidates = run(coinFlips(), GenerationOptions.sampling(16, 1.0, 0, 7).withN(4));
        assertEquals(4, candidates.size());
        assertTrue(candidates.stream().map(Generator.Generation::text).distinct().count() > 1);
        assertTrue(candidates.stream().allMatch(c -> c.text().length() == 16 && c.finishReason() == Generator.FinishReason.LENGTH));
    }

    @Test
    void topKOfOneAndATinyNucleusAreGreedy() {
        MarkovDecoder decoder = new MarkovDecoder(260)
                .after(ByteTokenizer.ASSISTANT, new int[] {'a', 'b', 'c'}, new double[] {0.5, 0.3, 0.2})
                .after('a', END).after('b', END).after('c', END);
        for (long seed = 0; seed < 20; seed++) {
            assertEquals("a", text(decoder, GenerationOptions.sampling(5, 1.0, 1, seed)));
            assertEquals("a", text(decoder, GenerationOptions.sampling(5, 1.0, 0, seed).withTopP(0.4)));
            assertNotEquals("c", text(decoder, GenerationOptions.sampling(5, 1.0, 0, seed).withTopP(0.75)), "c lies outside the 0.8 nucleus");
        }
    }

    @Test
    void beamSearchFindsTheLikelierReplyThatGreedyMisses() {
        // greedy takes 'a' (0.6) and then faces four equal continuations (0.6 x 0.25 = 0.15);
        // 'b' (0.4) continues with certainty (0.4 x 1.0 = 0.4): the better reply overall.
        int[] four = {'w', 'x', 'y', 'z'};
        double[] quarter = {0.25, 0.25, 0.25, 0.25};
        MarkovDecoder decoder = new MarkovDecoder(260)
                .after(ByteTokenizer.ASSISTANT, new int[] {'a', 'b'}, new double[] {0.6, 0.4})
                .after('a', four, quarter).after('b', 'c');
        for (int t : new int[] {'w', 'x', 'y', 'z', 'c'}) {
            decoder.after(t, END);
        }
        assertTrue(text(decoder, GenerationOptions.greedy(5)).startsWith("a"));
        List<Generator.Generation> beams = run(decoder, GenerationOptions.greedy(5).withBeams(3).withN(2));
        assertEquals("bc", beams.get(0).text());
        assertEquals(Math.log(0.4), beams.get(0).logProb(), 1e-4);
        assertEquals(2, beams.size());
        assertTrue(beams.get(1).text().startsWith("a"));
    }

    /** a -> b -> a -> b ... for ever, each certain but a small chance of 'c', then END. */
    private static MarkovDecoder abLoop() {
        return new MarkovDecoder(260)
                .after(ByteTokenizer.ASSISTANT, 'a')
                .after('a', new int[] {'b', 'c'}, new double[] {0.9, 0.1})
                .after('b', new int[] {'a', 'c'}, new double[] {0.9, 0.1})
                .after('c', END);
    }

    @Test
    void noRepeatNgramSizeBansABigramTheReplyAlreadyHolds() {
        assertEquals("abababab", text(abLoop(), GenerationOptions.greedy(8)));
        // "ab" then "a" would complete "ba" a second time... the first repeat banned is bigram "ab": a b a -> b banned
        assertEquals("abac", text(abLoop(), GenerationOptions.greedy(8).withNoRepeatNgramSize(2)));
    }

    @Test
    void penaltiesMoveAwayFromRepeatedTokens() {
        assertEquals("abababab", text(abLoop(), GenerationOptions.greedy(8)));
        // frequency: after "ab", 'a' (logit log .9 = -0.1) loses 3 per occurrence and falls under 'c' (log .1 = -2.3)
        assertEquals("abc", text(abLoop(), GenerationOptions.greedy(8).withPenalties(1.0, 0, 3.0)));
        assertEquals("abc", text(abLoop(), GenerationOptions.greedy(8).withPenalties(1.0, 3.0, 0)));
        // repetition penalty 30 multiplies the negative logit of seen 'a' (-0.105 -> -3.2) below 'c' (-2.3)
        assertEquals("abc", text(abLoop(), GenerationOptions.greedy(8).withPenalties(30.0, 0, 0)));
    }

    @Test
    void stopSequencesCutTheReplyAndTheStreamNeverShowsThem() {
        List<String> pieces = new ArrayList<>();
        Generator.Generation g = Generator.generate(abLoop(), TOKENIZER, PROMPT,
                GenerationOptions.greedy(20).withStop(List.of("bab", "zz")), (choice, delta) -> pieces.add(delta)).get(0);
        assertEquals("a", g.text());
        assertEquals(Generator.FinishReason.STOP, g.finishReason());
        assertEquals("a", String.join("", pieces));
    }

    @Test
    void theStreamDeliversWholeCharactersThatAddUpToTheText() {
        byte[] emoji = "é😀".getBytes(java.nio.charset.StandardCharsets.UTF_8); // 2 + 4 bytes
        MarkovDecoder decoder = new MarkovDecoder(260).after(ByteTokenizer.ASSISTANT, emoji[0] & 0xFF);
        for (int i = 0; i + 1 < emoji.length; i++) {
            decoder.after(emoji[i] & 0xFF, emoji[i + 1] & 0xFF);
        }
        decoder.after(emoji[emoji.length - 1] & 0xFF, END);
        List<String> pieces = new ArrayList<>();
        Generator.Generation g = Generator.generate(decoder, TOKENIZER, PROMPT, GenerationOptions.greedy(20),
                (choice, delta) -> pieces.add(delta)).get(0);
        assertEquals("é😀", g.text());
        assertEquals(List.of("é", "😀"), pieces);
        assertFalse(pieces.stream().anyMatch(p -> p.contains("\uFFFD")));
    }

    @Test
    void aCancelledStreamStopsTheGenerationBetweenTokens() {
        // An endless loop of 'a': only cancellation or maxTokens can end it.
        MarkovDecoder decoder = new MarkovDecoder(260).after(ByteTokenizer.ASSISTANT, 'a').after('a', 'a');
        List<String> pieces = new ArrayList<>();
        TextStream stopAfterThree = new TextStream() {
            @Override
            public void onText(int choice, String delta) {
                pieces.add(delta);
            }

            @Override
            public boolean cancelled() {
                return pieces.size() >= 3;
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> Generator.generate(decoder, TOKENIZER, PROMPT, GenerationOptions.greedy(1000), stopAfterThree));
        assertEquals(List.of("a", "a", "a"), pieces);
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> Generator.generate(decoder, TOKENIZER, PROMPT, GenerationOptions.greedy(1000).withBeams(2),
                        stopAfterThree));
    }
}
