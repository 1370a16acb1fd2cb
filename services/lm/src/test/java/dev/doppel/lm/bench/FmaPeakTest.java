package dev.doppel.lm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The FMA peak's plumbing on short runs; the number itself comes from {@code bin/doppel lm bench}. */
class FmaPeakTest {

    @Test
    void measuresEveryThreadOnThePreferredVectors() {
        FmaPeak.Result result = FmaPeak.measure(2, 200_000, 2);
        assertEquals(2, result.threads());
        assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), result.vectorBits());
        // Compiled, even one slow shared core does billions of FMAs a second; interpreted it would not.
        assertTrue(result.flops() > 1e9 && Double.isFinite(result.flops()), "FLOP/s " + result.flops());
    }

    @Test
    void rejectsEmptyRuns() {
        assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(1, 1, 0));
    }
}
