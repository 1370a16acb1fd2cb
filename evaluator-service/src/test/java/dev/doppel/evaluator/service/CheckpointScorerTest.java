package dev.doppel.evaluator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.FileSystemArtifactStore;
import dev.doppel.lm.ByteTokenizer;
import dev.doppel.lm.Example;
import dev.doppel.lm.ExamplesJsonl;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring without Quarkus: which split is used, and how unusable inputs are reported. */
class CheckpointScorerTest {
    private static final String TENANT = "tenant-unit";
    private static final List<Example> EXAMPLES = List.of(
            new Example("How was the trip?", "Great, the mountains were beautiful."),
            new Example("Lunch tomorrow?", "Sure, noon works for me."));

    @TempDir
    Path root;

    FileSystemArtifactStore store;
    CheckpointScorer scorer;
    String checkpoint = ArtifactKeys.checkpoint(TENANT, "ftjob-1", "ftckpt-1");
    String validation = ArtifactKeys.dataset(TENANT, "ds-1", "validation");
    String test = ArtifactKeys.dataset(TENANT, "ds-1", "test");

    @BeforeEach
    void setUp() throws Exception {
        store = new FileSystemArtifactStore(root.resolve("store"));
        scorer = new CheckpointScorer(store);
        Path dir = Files.createDirectories(root.resolve("ckpt"));
        var tokenizer = new ByteTokenizer();
        try (var model = LanguageModel.create(GptConfig.tiny(tokenizer.vocabSize()), tokenizer, 3L)) {
            model.save(dir);
        }
        store.putDirectory(checkpoint, dir);
    }

    @Test
    void scoresTheValidationSplit() throws Exception {
        put(validation, EXAMPLES);
        put(test, EXAMPLES.subList(0, 1));

        var score = scorer.score(checkpoint, validation, test);

        assertTrue(score.succeeded(), score.errorMessage());
        assertEquals("validation", score.split());
        assertEquals(2, score.result().examples());
        assertTrue(score.result().perplexity() > 1 && Double.isFinite(score.result().perplexity()));
        assertEquals(Math.exp(score.result().loss()), score.result().perplexity(), 1e-6 * score.result().perplexity());
    }

    @Test
    void fallsBackToTheTestSplitWhenValidationIsEmptyOrAbsent() throws Exception {
        store.put(validation, new ByteArrayInputStream(new byte[0]));
        put(test, EXAMPLES.subList(0, 1));

        assertEquals("test", scorer.score(checkpoint, validation, test).split());
        assertEquals("test", scorer.score(checkpoint, null, test).split());
    }

    @Test
    void reportsABrokenCheckpointInsteadOfThrowing() throws Exception {
        put(validation, EXAMPLES);
        String broken = ArtifactKeys.checkpoint(TENANT, "ftjob-1", "ftckpt-broken");
        Path dir = Files.createDirectories(root.resolve("broken"));
        Files.writeString(dir.resolve("config.json"), "{ this is not a config");
        Files.writeString(dir.resolve("model.params"), "garbage");
        store.putDirectory(broken, dir);

        var score = scorer.score(broken, validation, test);

        assertFalse(score.succeeded());
        assertEquals("checkpoint_unloadable", score.errorCode());
        assertTrue(score.errorMessage().contains(broken), score.errorMessage());
        assertNull(score.result());
    }

    @Test
    void reportsAMissingCheckpointAndMissingData() throws Exception {
        put(validation, EXAMPLES);
        assertEquals("checkpoint_not_found",
                scorer.score(ArtifactKeys.checkpoint(TENANT, "ftjob-1", "ftckpt-none"), validation, test).errorCode());
        assertEquals("no_evaluation_examples", scorer.score(checkpoint, null, null).errorCode());
        store.put(test, new ByteArrayInputStream("{\"prompt\": 1}\n".getBytes(StandardCharsets.UTF_8)));
        var malformed = scorer.score(checkpoint, null, test);
        assertEquals("invalid_evaluation_file", malformed.errorCode());
        assertTrue(malformed.errorMessage().contains("line 1"), malformed.errorMessage());
    }

    private void put(String key, List<Example> examples) throws Exception {
        var out = new ByteArrayOutputStream();
        ExamplesJsonl.write(examples, out);
        store.put(key, new ByteArrayInputStream(out.toByteArray()));
    }
}
