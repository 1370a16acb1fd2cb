package dev.doppel.cli.lm;

import dev.doppel.lm.TrainingOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Optimizer, schedule and checkpointing flags shared by pretrain and sft. */
final class TrainingFlags {

    @Option(names = "--steps", defaultValue = "1000", description = "Optimizer steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "16", description = "Rows per micro-batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--accumulate", defaultValue = "1", description = "Micro-batches per step (default ${DEFAULT-VALUE}).")
    int accumulate;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--warmup", defaultValue = "100", description = "Warmup steps (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--min-lr-ratio", defaultValue = "0.1", description = "Cosine floor as a fraction of the peak (default ${DEFAULT-VALUE}).")
    float minLearningRateRatio;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW decay on matrices (default ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--grad-clip", defaultValue = "1.0", description = "Global gradient-norm clip, 0 off (default ${DEFAULT-VALUE}).")
    float gradClip;

    @Option(names = "--eval-every", defaultValue = "100", description = "Validate every N steps (default ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-batches", defaultValue = "20", description = "Validation batches of 16 rows per evaluation, 0 all (default ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--seed", defaultValue = "1337", description = "Seed of weights, batches and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--log-every", defaultValue = "10", description = "Print a progress line every N steps (default ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "Save a resumable checkpoint every N steps (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--checkpoint-minutes", paramLabel = "MINUTES",
            description = "Also save a checkpoint every this many minutes of training (for quality-over-time tables).")
    Double checkpointMinutes;

    @Option(names = "--time-limit", paramLabel = "MINUTES", description = "Stop (and save) after this many minutes of training.")
    Double timeLimitMinutes;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory: checkpoints ckpt-NNNNNN and final/.")
    Path out;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run saved in this checkpoint directory.")
    Path resume;

    TrainingOptions options() {
        return new TrainingOptions(steps, batch, accumulate, learningRate, warmup, minLearningRateRatio, weightDecay,
                gradClip, evalEvery, evalBatches, seed, 0);
    }
}
