package dev.doppel.ingest.service;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.dataprep.DatasetJsonl;
import dev.doppel.dataprep.DatasetPreparer;
import dev.doppel.dataprep.Document;
import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.PrepareOptions;
import dev.doppel.dataprep.PreparedDataset;
import dev.doppel.dataprep.anonymize.PiiClass;
import dev.doppel.dataprep.anonymize.Pseudonyms;
import dev.doppel.dataprep.pairing.Owner;
import dev.doppel.dataprep.pairing.PairingOptions;
import dev.doppel.dataprep.split.SplitRatios;
import dev.doppel.events.ApiError;
import dev.doppel.events.FileUploaded;
import dev.doppel.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an uploaded file into anonymized, deduplicated dataset splits in the artifact store — or into
 * the reason it cannot be one. The data work is {@link DatasetPreparer}'s (services/dataprep, shared
 * with {@code bin/doppel prepare-data}); this class reads the upload, applies the service's settings and
 * writes the splits. Blocking (file I/O): call it from a worker thread, never the event loop.
 */
@ApplicationScoped
public class DatasetBuilder {
    public static final String INVALID_FILE = "invalid_file";
    public static final String FILE_NOT_FOUND = "file_not_found";
    public static final List<String> SPLIT_NAMES = List.of("train", "validation", "test");

    /** Fewer conversations (or distinct prompts) than this cannot give validation and test their own. */
    private static final int HELD_OUT_MINIMUM = 3;

    private final ArtifactStore store;
    private final IngestConfig config;
    private final Set<PiiClass> anonymize;

    public DatasetBuilder(ArtifactStore store, IngestConfig config) {
        this.store = store;
        this.config = config;
        this.anonymize = parseClasses(config.anonymize().classes());
    }

    /**
     * @param pseudonyms the tenant's pseudonym table; new entries are added to it
     * @throws IOException when the artifact store fails for a reason other than a missing file; the
     *     event is then worth retrying, so it is not turned into a rejection
     */
    public DatasetOutcome build(FileUploaded upload, String datasetId, Pseudonyms pseudonyms) throws IOException {
        String filename = filename(upload);
        try {
            if (upload.bytes() > config.maxUploadBytes()) {
                throw new InvalidInputException(filename + " is " + upload.bytes() + " bytes; the limit is "
                        + config.maxUploadBytes(), filename);
            }
            PreparedDataset prepared;
            try (InputStream in = store.open(upload.artifactKey())) {
                prepared = new DatasetPreparer(options(upload), pseudonyms).prepare(in, filename, upload.format());
            }
            checkEnough(prepared, filename);
            return write(upload.tenantId(), datasetId, prepared);
        } catch (InvalidInputException e) {
            return new DatasetOutcome.Rejected(datasetId, new ApiError(INVALID_FILE, e.getMessage(), e.location()));
        } catch (NoSuchFileException e) {
            return new DatasetOutcome.Rejected(datasetId, new ApiError(FILE_NOT_FOUND,
                    "the bytes of " + filename + " are not in the artifact store", "file_id"));
        }
    }

    static String filename(FileUploaded upload) {
        return upload.filename() == null || upload.filename().isBlank() ? upload.fileId() : upload.filename();
    }

    private PrepareOptions options(FileUploaded upload) {
        return new PrepareOptions(new Owner(upload.me()),
                new PairingOptions(config.pairing().contextTurns(), config.pairing().mergeWindow(),
                        config.pairing().sessionGap()), anonymize,
                config.dedupe().nearThreshold(),
                new SplitRatios(config.split().validationFraction(), config.split().testFraction()),
                config.contextTokens());
    }

    private void checkEnough(PreparedDataset prepared, String filename) throws InvalidInputException {
        var report = prepared.report();
        int total = prepared.examples().total() + prepared.documents().total();
        if (total < config.minExamples()) {
            int dropped = report.exactDuplicates() + report.nearDuplicates();
            String afterDuplicates = dropped == 0 ? "" : " after removing " + dropped + " duplicate" + (dropped == 1 ? "" : "s");
            String found = report.conversations() > 0
                    ? "found " + total + " replies of yours in " + report.conversations() + " conversations"
                    : "found " + total + " example" + (total == 1 ? "" : "s");
            throw new InvalidInputException(found + afterDuplicates + "; at least " + config.minExamples()
                    + " are needed", filename);
        }
        if (total >= HELD_OUT_MINIMUM && (prepared.examples().validation().isEmpty() && prepared.documents().validation().isEmpty()
                || prepared.examples().test().isEmpty() && prepared.documents().test().isEmpty())) {
            throw new InvalidInputException("all examples come from fewer than " + HELD_OUT_MINIMUM
                    + " conversations (or distinct prompts), so validation and test would hold what the model "
                    + "trained on; upload more conversations", filename);
        }
    }

    private DatasetOutcome.Ready write(String tenantId, String datasetId, PreparedDataset prepared) throws IOException {
        var examples = prepared.examples();
        var documents = prepared.documents();
        String trainKey = put(tenantId, datasetId, "train", examples.train(), documents.train());
        String validationKey = put(tenantId, datasetId, "validation", examples.validation(), documents.validation());
        String testKey = put(tenantId, datasetId, "test", examples.test(), documents.test());
        return new DatasetOutcome.Ready(datasetId, trainKey, validationKey, testKey,
                examples.train().size(), examples.validation().size(), examples.test().size(), prepared.report());
    }

    private String put(String tenantId, String datasetId, String split, List<Example> examples,
            List<Document> documents) throws IOException {
        String key = ArtifactKeys.dataset(tenantId, datasetId, split);
        var bytes = new ByteArrayOutputStream();
        DatasetJsonl.writeExamples(examples, bytes);
        store.put(key, new ByteArrayInputStream(bytes.toByteArray()));
        if (!documents.isEmpty()) {
            var corpus = new ByteArrayOutputStream();
            DatasetJsonl.writeDocuments(documents, corpus);
            store.put(ArtifactKeys.dataset(tenantId, datasetId, split + "-corpus"), new ByteArrayInputStream(corpus.toByteArray()));
        }
        return key;
    }

    private static Set<PiiClass> parseClasses(Set<String> names) {
        var classes = EnumSet.noneOf(PiiClass.class);
        for (String name : names) {
            String id = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            if (id.isEmpty() || id.equals("NONE")) {
                continue;
            }
            try {
                classes.add(PiiClass.valueOf(id));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("doppel.ingest.anonymize.classes: unknown class \"" + name
                        + "\"; use " + EnumSet.allOf(PiiClass.class).stream().map(Enum::name)
                        .collect(Collectors.joining(", ")) + " or NONE", e);
            }
        }
        return classes;
    }
}
