package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.lm.bench.TokenizerBenchmark;
import org.junit.jupiter.api.Test;

/** A smoke run on a small text: the benchmark works; its numbers come from real runs (see the lm README). */
class BpeBenchmarkTest {

    @Test
    void measuresAllEncodersOnTheSameText() {
        String text = BpeTestTexts.englishLike(100_000, 4) + BpeTestTexts.VARIED;
        TokenizerBenchmark.Result result = TokenizerBenchmark.run(text, 2);
        assertTrue(result.sameIdsAsJtokkit());
        assertEquals(result.jtokkitR50k().tokens(), result.ourR50k().tokens());
        assertTrue(result.ourTrained().medianMegabytesPerSecond() > 0 && result.ourR50k().medianTokensPerSecond() > 0);
        assertTrue(result.toString().contains("jtokkit, r50k"), result.toString());
    }
}
