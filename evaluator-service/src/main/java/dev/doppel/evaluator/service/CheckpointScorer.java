package dev.doppel.evaluator.service;

import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.lm.EvaluationResult;
import dev.doppel.lm.Evaluator;
import dev.doppel.lm.Example;
import dev.doppel.lm.ExamplesJsonl;
import dev.doppel.lm.LanguageModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Scores a checkpoint on held-out examples, free of Quarkus, Kafka and the database. Blocking and
 * CPU-heavy: call it from an evaluation worker. Problems with the checkpoint or the data do not throw;
 * they come back as a failed {@link Score} that says what was wrong.
 */
public final class CheckpointScorer {
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";
    private static final Logger LOG = Logger.getLogger(CheckpointScorer.class);

    /** A scored split, or the reason there is none ({@code errorCode} set, {@code result} null). */
    public record Score(String split, EvaluationResult result, String errorCode, String errorMessage) {
        public boolean succeeded() {
            return result != null;
        }

        static Score failed(String split, String code, String message) {
            return new Score(split, null, code, message);
        }
    }

    private record Split(String name, List<Example> examples) {
    }

    private final ArtifactStore store;

    public CheckpointScorer(ArtifactStore store) {
        this.store = store;
    }

    /** Scores on the validation split, or on the test split when the validation split is absent or empty. */
    public Score score(String checkpointKey, String validationKey, String testKey) {
        Split split;
        try {
            split = readSplit(VALIDATION, validationKey);
            if (split.examples().isEmpty()) {
                split = readSplit(TEST, testKey);
            }
        } catch (IllegalArgumentException | UncheckedIOException | IOException e) {
            return Score.failed(null, "invalid_evaluation_file", e.getMessage());
        }
        if (split.examples().isEmpty()) {
            return Score.failed(null, "no_evaluation_examples",
                    "Neither the validation split (" + validationKey + ") nor the test split (" + testKey + ") has examples");
        }
        Path checkpoint;
        try {
            checkpoint = store.localPath(checkpointKey);
        } catch (NoSuchFileException e) {
            return Score.failed(split.name(), "checkpoint_not_found", "The checkpoint " + checkpointKey + " does not exist in the artifact store");
        } catch (IOException | IllegalArgumentException e) {
            return Score.failed(split.name(), "checkpoint_not_found", "The checkpoint " + checkpointKey + " cannot be read: " + e.getMessage());
        }
        try (LanguageModel model = LanguageModel.load(checkpoint)) {
            return new Score(split.name(), Evaluator.evaluate(model, split.examples()), null, null);
        } catch (Exception e) {
            // A truncated or foreign checkpoint surfaces as anything from IOException to a DJL
            // MalformedModelException or an IllegalArgumentException about shapes.
            LOG.debugf(e, "Checkpoint %s could not be scored", checkpointKey);
            return Score.failed(split.name(), "checkpoint_unloadable",
                    "The checkpoint " + checkpointKey + " cannot be loaded or scored: " + describe(e));
        }
    }

    /** The split's examples; an absent key or artifact reads as an empty split, a malformed one throws. */
    private Split readSplit(String name, String key) throws IOException {
        if (key == null || key.isBlank() || !store.exists(key)) {
            return new Split(name, List.of());
        }
        try (InputStream in = store.open(key)) {
            return new Split(name, ExamplesJsonl.read(in));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + name + " split " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
