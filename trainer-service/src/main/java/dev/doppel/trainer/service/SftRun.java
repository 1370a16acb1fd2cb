package dev.doppel.trainer.service;

import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.lm.ByteTokenizer;
import dev.doppel.lm.Example;
import dev.doppel.lm.ExamplesJsonl;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.Trainer;
import dev.doppel.lm.StepReport;
import dev.doppel.lm.TrainingOptions;
import dev.doppel.lm.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One supervised fine-tuning run, free of Quarkus, Kafka and the database: read the splits from the
 * artifact store, train a fresh tiny GPT, store the checkpoint. Blocking and CPU-heavy — call it only
 * from a training slot.
 */
public final class SftRun {

    /** What to train and where the checkpoint goes. {@code validationKey} may be null. */
    public record Spec(String trainKey, String validationKey, int steps, int progressEvery, long seed,
                       String checkpointKey) {
    }

    /** The numbers a finished run reports. Losses are null where there was nothing to measure. */
    public record Outcome(int steps, Double trainLoss, Double validLoss, long trainedTokens,
                          int trainExamples, int validationExamples) {
    }

    /** Told about the steps {@link ProgressSchedule} selects, on the training thread. */
    @FunctionalInterface
    public interface ProgressSink {
        void onProgress(StepReport report);
    }

    private final ArtifactStore store;

    public SftRun(ArtifactStore store) {
        this.store = store;
    }

    public Outcome run(Spec spec, ProgressSink sink) throws IOException {
        List<Example> train = readSplit(spec.trainKey(), "training");
        if (train.isEmpty()) {
            throw new TrainingFailure("invalid_training_file",
                    "The training split " + spec.trainKey() + " has no examples", "training_file");
        }
        List<Example> validation = isBlank(spec.validationKey()) ? List.of() : readSplit(spec.validationKey(), "validation");
        var schedule = new ProgressSchedule(spec.progressEvery());
        var tokenizer = new ByteTokenizer();
        try (LanguageModel model = LanguageModel.create(GptConfig.tiny(tokenizer.vocabSize()), tokenizer, spec.seed())) {
            TrainingResult result = Trainer.train(model, train, validation, options(spec), report -> {
                if (schedule.due(report.step(), report.totalSteps())) {
                    sink.onProgress(report);
                }
            });
            storeCheckpoint(model, spec.checkpointKey());
            return new Outcome(result.steps(), finiteOrNull(result.finalTrainLoss()),
                    finiteOrNull(result.finalValidLoss()), result.tokensSeen(), train.size(), validation.size());
        }
    }

    /** The library's quick defaults, validated as often as progress is reported so every metrics event has a validation loss. */
    static TrainingOptions options(Spec spec) {
        TrainingOptions quick = TrainingOptions.quick(spec.steps());
        return TrainingOptions.quick(spec.steps()).withEvaluation(spec.progressEvery(), 0).withSeed(spec.seed())
                .withLogEvery(spec.progressEvery());
    }

    private List<Example> readSplit(String key, String split) throws IOException {
        String param = split + "_file";
        String code = "invalid_" + split + "_file";
        try (InputStream in = store.open(key)) {
            return ExamplesJsonl.read(in);
        } catch (NoSuchFileException e) {
            throw new TrainingFailure(code, "The " + split + " split " + key + " does not exist in the artifact store", param, e);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new TrainingFailure(code, "The " + split + " split " + key + " cannot be read: " + e.getMessage(), param, e);
        }
    }

    /** Saves to a scratch directory first: the store publishes the directory atomically, DJL writes file by file. */
    private void storeCheckpoint(LanguageModel model, String key) throws IOException {
        Path scratch = Files.createTempDirectory("doppel-checkpoint-");
        try {
            model.save(scratch);
            store.putDirectory(key, scratch);
        } finally {
            deleteTree(scratch);
        }
    }

    static Double finiteOrNull(Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
