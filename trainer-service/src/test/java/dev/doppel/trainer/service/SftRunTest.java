package dev.doppel.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.FileSystemArtifactStore;
import dev.doppel.lm.Example;
import dev.doppel.lm.ExamplesJsonl;
import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.StepReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run logic without Quarkus: splits in, progress out, a loadable checkpoint in the store. */
class SftRunTest {
    private static final String TENANT = "tenant-unit";

    @TempDir
    Path root;

    @Test
    void trainsReportsProgressAndStoresALoadableCheckpoint() throws Exception {
        var store = new FileSystemArtifactStore(root);
        String train = ArtifactKeys.dataset(TENANT, "ds-1", "train");
        String validation = ArtifactKeys.dataset(TENANT, "ds-1", "validation");
        putExamples(store, train, examples(6));
        putExamples(store, validation, examples(2));
        String checkpoint = ArtifactKeys.checkpoint(TENANT, "ftjob-1", "ftckpt-1");

        List<StepReport> reports = new ArrayList<>();
        var outcome = new SftRun(store).run(new SftRun.Spec(train, validation, 5, 2, 7L, checkpoint), reports::add);

        assertEquals(List.of(2, 4, 5), reports.stream().map(StepReport::step).toList(), "every 2nd step and the last");
        assertTrue(reports.stream().allMatch(r -> r.validLoss() != null), "each reported step validated");
        assertEquals(5, outcome.steps());
        assertNotNull(outcome.trainLoss());
        assertNotNull(outcome.validLoss());
        assertTrue(outcome.trainedTokens() > 0);
        assertEquals(6, outcome.trainExamples());
        try (var model = LanguageModel.load(store.localPath(checkpoint))) {
            assertTrue(model.parameterCount() > 0);
        }
    }

    @Test
    void aMissingTrainingSplitFailsWithAClearError() {
        var store = new FileSystemArtifactStore(root);
        String train = ArtifactKeys.dataset(TENANT, "ds-missing", "train");
        var run = new SftRun(store);
        var spec = new SftRun.Spec(train, null, 3, 1, 7L, ArtifactKeys.checkpoint(TENANT, "ftjob-2", "ftckpt-2"));

        var failure = assertThrows(TrainingFailure.class, () -> run.run(spec, r -> { }));

        assertEquals("invalid_training_file", failure.error().code());
        assertTrue(failure.error().message().contains(train), failure.error().message());
        assertEquals("training_file", failure.error().param());
    }

    @Test
    void aMalformedValidationSplitNamesTheLine() throws Exception {
        var store = new FileSystemArtifactStore(root);
        String train = ArtifactKeys.dataset(TENANT, "ds-bad", "train");
        String validation = ArtifactKeys.dataset(TENANT, "ds-bad", "validation");
        putExamples(store, train, examples(2));
        store.put(validation, new ByteArrayInputStream("{\"prompt\":\"a\",\"completion\":\"b\"}\nnot json\n".getBytes(StandardCharsets.UTF_8)));
        var spec = new SftRun.Spec(train, validation, 3, 1, 7L, ArtifactKeys.checkpoint(TENANT, "ftjob-3", "ftckpt-3"));

        var failure = assertThrows(TrainingFailure.class, () -> new SftRun(store).run(spec, r -> { }));

        assertEquals("invalid_validation_file", failure.error().code());
        assertTrue(failure.error().message().contains("line 2"), failure.error().message());
    }

    static List<Example> examples(int n) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(new Example("Are you coming tonight? #" + i, "Sure, see you at eight."));
        }
        return examples;
    }

    static void putExamples(FileSystemArtifactStore store, String key, List<Example> examples) throws Exception {
        var out = new ByteArrayOutputStream();
        ExamplesJsonl.write(examples, out);
        store.put(key, new ByteArrayInputStream(out.toByteArray()));
    }
}
