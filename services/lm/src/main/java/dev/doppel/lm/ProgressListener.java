package dev.doppel.lm;

/** Receives one report per training step, on the training thread; keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = report -> { };

    void onStep(StepReport report);
}
