package dev.doppel.trainer.service;

/** Which steps (1-based) are reported: every {@code every}-th step and always the last one. */
public record ProgressSchedule(int every) {

    public ProgressSchedule {
        if (every < 1) {
            throw new IllegalArgumentException("doppel.trainer.progress-every must be at least 1, was " + every);
        }
    }

    public boolean due(int step, int totalSteps) {
        return step > 0 && (step % every == 0 || step == totalSteps);
    }
}
