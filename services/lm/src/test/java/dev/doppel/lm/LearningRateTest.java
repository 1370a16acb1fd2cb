package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateTest {

    private final TrainingOptions options = new TrainingOptions(100, 8, 1, 1e-3f, 10, 0.1f, 0.1f, 1f, 0, 0, 1L, 0);

    @Test
    void warmsUpLinearlyToThePeak() {
        assertEquals(1e-4, Trainer.learningRate(0, options), 1e-9);
        assertEquals(5e-4, Trainer.learningRate(4, options), 1e-9);
        assertEquals(1e-3, Trainer.learningRate(9, options), 1e-9);
    }

    @Test
    void decaysWithACosineToTheFloorAtTheLastStep() {
        assertEquals(1e-3, Trainer.learningRate(10, options), 1e-9);
        assertEquals(1e-4, Trainer.learningRate(99, options), 1e-9);
        assertEquals(1e-4, Trainer.learningRate(500, options), 1e-9);
        double previous = Double.MAX_VALUE;
        for (int step = 10; step < 100; step++) {
            double lr = Trainer.learningRate(step, options);
            assertTrue(lr <= previous && lr >= 1e-4 - 1e-12, "step " + step);
            previous = lr;
        }
    }

    @Test
    void quickOptionsAreValid() {
        TrainingOptions quick = TrainingOptions.quick(1);
        assertEquals(quick.learningRate(), Trainer.learningRate(0, quick), 1e-9);
    }
}
