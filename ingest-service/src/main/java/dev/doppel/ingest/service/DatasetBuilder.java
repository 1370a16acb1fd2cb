package dev.doppel.ingest.service;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.ApiError;
import dev.doppel.events.FileUploaded;
import dev.doppel.ingest.config.IngestConfig;
import dev.doppel.ingest.service.DatasetSplitter.Splits;
import dev.doppel.ingest.service.format.InvalidFileException;
import dev.doppel.ingest.service.format.JsonlWriter;
import dev.doppel.ingest.service.format.PromptCompletion;
import dev.doppel.ingest.service.format.PromptCompletionParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Turns an uploaded file into dataset splits in the artifact store — or into the reason it cannot be
 * one. Blocking (file I/O): call it from a worker thread, never the event loop. It saves nothing in
 * the database; {@link IngestService} does that with the outcome.
 */
@ApplicationScoped
public class DatasetBuilder {
    public static final String INVALID_FILE = "invalid_file";
    public static final String FILE_NOT_FOUND = "file_not_found";
    public static final String FORMAT_AUTO = "auto";
    public static final List<String> SPLIT_NAMES = List.of("train", "validation", "test");

    /** Fewer distinct prompts than this cannot give validation and test prompts of their own. */
    private static final int HELD_OUT_MINIMUM = 3;

    private final ArtifactStore store;
    private final DatasetSplitter splitter;
    private final int minExamples;

    public DatasetBuilder(ArtifactStore store, IngestConfig config) {
        this.store = store;
        this.splitter = new DatasetSplitter(config.split().validationFraction(), config.split().testFraction());
        this.minExamples = config.minExamples();
    }

    /**
     * @throws IOException when the artifact store fails for a reason other than a missing file; the
     *     event is then worth retrying, so it is not turned into a rejection
     */
    public DatasetOutcome build(FileUploaded upload, String datasetId) throws IOException {
        String filename = upload.filename() == null || upload.filename().isBlank() ? upload.fileId() : upload.filename();
        try {
            checkFormat(upload.format());
            List<PromptCompletion> examples;
            try (InputStream in = store.open(upload.artifactKey())) {
                examples = PromptCompletionParser.read(in, filename);
            }
            Splits splits = splitter.split(examples);
            checkEnough(splits, filename);
            return write(upload.tenantId(), datasetId, splits);
        } catch (InvalidFileException e) {
            return new DatasetOutcome.Rejected(datasetId, new ApiError(INVALID_FILE, e.getMessage(), e.param()));
        } catch (NoSuchFileException e) {
            return new DatasetOutcome.Rejected(datasetId, new ApiError(FILE_NOT_FOUND,
                    "the bytes of " + filename + " are not in the artifact store", "file_id"));
        }
    }

    private static void checkFormat(String format) throws InvalidFileException {
        if (format == null || format.isBlank() || format.equals(FORMAT_AUTO)
                || format.equals(PromptCompletionParser.FORMAT)) {
            return;
        }
        throw new InvalidFileException("format \"" + format + "\" is not supported; use \"" + FORMAT_AUTO
                + "\" or \"" + PromptCompletionParser.FORMAT + "\"", "format");
    }

    private void checkEnough(Splits splits, String filename) throws InvalidFileException {
        if (splits.total() < minExamples) {
            String afterDuplicates = splits.duplicatesRemoved() == 0 ? ""
                    : " after removing " + splits.duplicatesRemoved() + " exact duplicate"
                            + (splits.duplicatesRemoved() == 1 ? "" : "s");
            throw new InvalidFileException("found " + splits.total() + " example" + (splits.total() == 1 ? "" : "s")
                    + afterDuplicates + "; at least " + minExamples + " are needed", filename);
        }
        if (splits.total() >= HELD_OUT_MINIMUM && splits.distinctPrompts() < HELD_OUT_MINIMUM) {
            throw new InvalidFileException("found only " + splits.distinctPrompts() + " distinct prompt"
                    + (splits.distinctPrompts() == 1 ? "" : "s") + "; at least " + HELD_OUT_MINIMUM
                    + " are needed so that validation and test hold prompts the model never trained on", filename);
        }
    }

    private DatasetOutcome.Ready write(String tenantId, String datasetId, Splits splits) throws IOException {
        String trainKey = put(tenantId, datasetId, "train", splits.train());
        String validationKey = put(tenantId, datasetId, "validation", splits.validation());
        String testKey = put(tenantId, datasetId, "test", splits.test());
        return new DatasetOutcome.Ready(datasetId, trainKey, validationKey, testKey,
                splits.train().size(), splits.validation().size(), splits.test().size(), splits.duplicatesRemoved());
    }

    private String put(String tenantId, String datasetId, String split, List<PromptCompletion> examples)
            throws IOException {
        String key = ArtifactKeys.dataset(tenantId, datasetId, split);
        store.put(key, new ByteArrayInputStream(JsonlWriter.toBytes(examples)));
        return key;
    }
}
