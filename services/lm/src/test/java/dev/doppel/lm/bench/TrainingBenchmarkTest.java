package dev.doppel.lm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.lm.GptConfig;
import org.junit.jupiter.api.Test;

/** The benchmark's plumbing on a tiny model; the numbers themselves come from {@code bin/doppel lm bench}. */
class TrainingBenchmarkTest {

    private static final GptConfig TINY = new GptConfig(1, 2, 16, 16, 96, 0f, true);

    @Test
    void warmsUpInWholeWindowsBetweenItsLimitsThenMeasures() {
        TrainingBenchmark.Result result = TrainingBenchmark.run(TINY, 4, 3, 3 + 2 * TrainingBenchmark.WINDOW, 5);
        int warmup = result.warmupSteps();
        assertTrue(warmup >= 3 && warmup <= 3 + 2 * TrainingBenchmark.WINDOW, "warm-up steps " + warmup);
        assertEquals(0, (warmup - 3) % TrainingBenchmark.WINDOW, "warm-up ends on a window's end: " + warmup);
        assertTrue(result.jitSettled() || warmup == 3 + 2 * TrainingBenchmark.WINDOW,
                "an unsettled JIT only stops warm-up at its limit: " + warmup);
        assertTrue(result.tokensPerSecond() > 0 && Double.isFinite(result.tokensPerSecond()), "rate " + result.tokensPerSecond());
        assertEquals(TINY, result.config());
    }

    @Test
    void withNoRoomForAWindowWarmUpIsTheMinimum() {
        TrainingBenchmark.Result result = TrainingBenchmark.run(TINY, 4, 4, 4 + TrainingBenchmark.WINDOW - 1, 3);
        assertEquals(4, result.warmupSteps());
        assertFalse(result.jitSettled(), "no window ran, so the JIT was not seen to settle");
    }
}
