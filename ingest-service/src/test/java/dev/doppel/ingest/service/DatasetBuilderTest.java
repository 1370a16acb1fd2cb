package dev.doppel.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.FileSystemArtifactStore;
import dev.doppel.events.FileUploaded;
import dev.doppel.ingest.config.IngestConfig;
import dev.doppel.ingest.service.format.PromptCompletionParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {
    private static final String TENANT = "tenant-a";

    @TempDir
    Path root;
    private FileSystemArtifactStore store;
    private DatasetBuilder builder;

    @BeforeEach
    void setUp() {
        store = new FileSystemArtifactStore(root);
        builder = new DatasetBuilder(store, config(3));
    }

    private FileUploaded upload(String format, String content) throws Exception {
        String key = ArtifactKeys.file(TENANT, "file-1");
        store.put(key, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        return new FileUploaded("evt-1", TENANT, Instant.now(), "file-1", "chats.jsonl", "fine-tune", format,
                content.length(), key);
    }

    private static String lines(int n) {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"prompt\":\"question ").append(i).append("\",\"completion\":\"answer ").append(i).append("\"}\n");
        }
        return sb.toString();
    }

    @Test
    void writesThreeSplitsThatReadBack() throws Exception {
        var outcome = assertInstanceOf(DatasetOutcome.Ready.class,
                builder.build(upload("auto", lines(30) + "{\"prompt\":\"question 1\",\"completion\":\"answer 1\"}\n"), "ds-1"));
        assertEquals(30, outcome.totalExamples());
        assertEquals(1, outcome.duplicatesRemoved());
        assertEquals(ArtifactKeys.dataset(TENANT, "ds-1", "train"), outcome.trainKey());
        int read = 0;
        for (String key : new String[] {outcome.trainKey(), outcome.validationKey(), outcome.testKey()}) {
            try (var in = store.open(key)) {
                read += PromptCompletionParser.read(in, key).size();
            }
        }
        assertEquals(30, read);
    }

    @Test
    void rejectsTooFewExamplesSayingHowMany() throws Exception {
        var outcome = assertInstanceOf(DatasetOutcome.Rejected.class,
                builder.build(upload(PromptCompletionParser.FORMAT, lines(2) + lines(1)), "ds-2"));
        assertEquals("invalid_file", outcome.error().code());
        assertEquals("found 2 examples after removing 1 exact duplicate; at least 3 are needed", outcome.error().message());
        assertEquals("chats.jsonl", outcome.error().param());
        assertEquals(false, store.exists(ArtifactKeys.dataset(TENANT, "ds-2", "train")));
    }

    @Test
    void rejectsAFormatItCannotRead() throws Exception {
        var outcome = assertInstanceOf(DatasetOutcome.Rejected.class, builder.build(upload("whatsapp", lines(5)), "ds-3"));
        assertEquals("format \"whatsapp\" is not supported; use \"auto\" or \"openai-prompt-completion\"",
                outcome.error().message());
        assertEquals("format", outcome.error().param());
    }

    @Test
    void rejectsABadLineNamingIt() throws Exception {
        var outcome = assertInstanceOf(DatasetOutcome.Rejected.class,
                builder.build(upload("auto", lines(2) + "{\"prompt\":\"x\",\"completion\":false}\n"), "ds-4"));
        assertEquals("line 3: \"completion\" must be a string, found a boolean", outcome.error().message());
        assertEquals("chats.jsonl:3", outcome.error().param());
    }

    @Test
    void rejectsFilesWhosePromptsCannotFillThreeSplits() throws Exception {
        String sameTwoPrompts = "{\"prompt\":\"hi\",\"completion\":\"hey\"}\n{\"prompt\":\"hi\",\"completion\":\"hello!\"}\n"
                + "{\"prompt\":\"yo\",\"completion\":\"sup\"}\n";
        var outcome = assertInstanceOf(DatasetOutcome.Rejected.class, builder.build(upload("auto", sameTwoPrompts), "ds-5"));
        assertEquals("found only 2 distinct prompts; at least 3 are needed so that validation and test hold prompts"
                + " the model never trained on", outcome.error().message());
    }

    @Test
    void aMissingArtifactIsARejectionNotACrash() throws Exception {
        var upload = new FileUploaded("evt-2", TENANT, Instant.now(), "file-9", "gone.jsonl", "fine-tune", "auto", 10,
                ArtifactKeys.file(TENANT, "file-9"));
        var outcome = assertInstanceOf(DatasetOutcome.Rejected.class, builder.build(upload, "ds-6"));
        assertEquals("file_not_found", outcome.error().code());
    }

    @Test
    void theMinimumIsConfigurable() throws Exception {
        var lenient = new DatasetBuilder(store, config(1));
        assertInstanceOf(DatasetOutcome.Ready.class, lenient.build(upload("auto", lines(1)), "ds-7"));
    }

    private static IngestConfig config(int minExamples) {
        return new IngestConfig() {
            @Override
            public int minExamples() {
                return minExamples;
            }

            @Override
            public Split split() {
                return new Split() {
                    @Override
                    public double validationFraction() {
                        return 0.1;
                    }

                    @Override
                    public double testFraction() {
                        return 0.1;
                    }
                };
            }
        };
    }
}
