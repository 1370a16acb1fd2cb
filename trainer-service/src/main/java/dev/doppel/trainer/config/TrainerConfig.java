package dev.doppel.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the trainer runs jobs. Defaults keep a CPU-only run to about a minute. */
@ConfigMapping(prefix = "doppel.trainer")
public interface TrainerConfig {

    /** Jobs trained at the same time; each slot is one thread that owns the CPU (or GPU) while it trains. */
    @WithDefault("1")
    int slots();

    /** Optimizer steps per job. */
    @WithDefault("60")
    int steps();

    /** A metrics event (and a row update) every this many steps, and at the last step. */
    @WithDefault("10")
    int progressEvery();

    /** Seed of weight initialisation and batch sampling, so a job is reproducible. */
    @WithDefault("1337")
    long seed();

    /** The base model every job starts from; part of the fine-tuned model's name. */
    @WithDefault("doppel-tiny")
    String baseModel();
}
