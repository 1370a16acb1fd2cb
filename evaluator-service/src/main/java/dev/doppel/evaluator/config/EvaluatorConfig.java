package dev.doppel.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the evaluator scores checkpoints. */
@ConfigMapping(prefix = "doppel.evaluator")
public interface EvaluatorConfig {

    /** Checkpoints scored at the same time; scoring is CPU-bound, so one per core at most. */
    @WithDefault("1")
    int workers();
}
