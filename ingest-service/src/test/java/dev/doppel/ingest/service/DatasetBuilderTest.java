package dev.doppel.ingest.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.artifacts.ArtifactKeys;
import dev.doppel.artifacts.FileSystemArtifactStore;
import dev.doppel.dataprep.anonymize.Pseudonyms;
import dev.doppel.dataprep.format.ParsedExport;
import dev.doppel.dataprep.format.PromptCompletionJsonlParser;
import dev.doppel.events.FileUploaded;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {
    private static final String TENANT = "tenant-a";
    private static final String WHATSAPP = "WhatsApp Chat with Sam Rivera.txt";

    @TempDir
    Path root;
    private FileSystemArtifactStore store;
    private DatasetBuilder builder;

    @BeforeEach
    void setUp() {
        store = new FileSystemArtifactStore(root);
        builder = new DatasetBuilder(store, TestIngestConfig.defaults());
    }

    private FileUploaded upload(String filename, String format, byte[] content, List<String> me) throws Exception {
        String key = ArtifactKeys.file(TENANT, "file-1");
        store.put(key, new ByteArrayInputStream(content));
        return new FileUploaded("evt-1", TENANT, Instant.now(), "file-1", filename, "fine-tune", format,
                content.length, key, me);
    }

    private FileUploaded jsonl(String format, String content) throws Exception {
        return upload("chats.jsonl", format, content.getBytes(StandardCharsets.UTF_8), List.of());
    }

    private static Pseudonyms pseudonyms() {
        return new Pseudonyms("the secret of tenant-a, 32 bytes".getBytes(StandardCharsets.UTF_8));
    }

    private static final String[] WORDS = {"granite", "harbour", "lantern", "meadow", "orbit", "pepper", "quartz",
        "saffron", "thistle", "velvet", "walnut", "zephyr", "amber", "bramble", "cobalt", "dune", "ember"};

    /** n pairs whose texts differ enough not to be near duplicates of each other. */
    private static String lines(int n) {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String a = WORDS[i % WORDS.length];
            String b = WORDS[(i * 7 + 3) % WORDS.length];
            String c = WORDS[(i * 5 + 11) % WORDS.length];
            sb.append("{\"prompt\":\"").append(i).append(": what about the ").append(a).append(' ').append(b)
                    .append("?\",\"completion\":\"").append(c).append(", ").append(i * 31).append(" times\"}\n");
        }
        return sb.toString();
    }

    private List<String> readAll(DatasetOutcome.Ready ready) throws Exception {
        var all = new ArrayList<String>();
        for (String key : List.of(ready.trainKey(), ready.validationKey(), ready.testKey())) {
            var parsed = new ParsedExport();
            try (var in = store.open(key)) {
                new PromptCompletionJsonlParser().parse(in, key, parsed);
            }
            parsed.examples().forEach(e -> all.add(e.prompt() + " => " + e.completion()));
        }
        return all;
    }

    @Test
    void writesThreeSplitsThatReadBack() throws Exception {
        var ready = assertInstanceOf(DatasetOutcome.Ready.class, builder.build(
                jsonl("auto", lines(30) + lines(1)), "ds-1", pseudonyms()));
        assertEquals(30, ready.totalExamples());
        assertEquals(1, ready.duplicatesRemoved());
        assertEquals(ArtifactKeys.dataset(TENANT, "ds-1", "train"), ready.trainKey());
        assertEquals(30, readAll(ready).size());
        assertEquals(30, ready.report().examples());
    }

    @Test
    void aWhatsAppExportBecomesMyRepliesWithNoNameNumberOrAddressLeft() throws Exception {
        byte[] export = getClass().getResourceAsStream("/exports/" + WHATSAPP).readAllBytes();
        var ready = assertInstanceOf(DatasetOutcome.Ready.class, builder.build(
                upload(WHATSAPP, "auto", export, List.of("Alex Doe")), "ds-2", pseudonyms()));

        List<String> pairs = readAll(ready);
        assertEquals(7, pairs.size(), pairs.toString());
        String all = String.join("\n", pairs);
        for (String secret : List.of("Sam", "Rivera", "Alex", "7700", "alex.doe@example.com", "maps.example.com")) {
            assertFalse(all.contains(secret), secret + " survived: " + all);
        }
        assertTrue(all.contains("<PHONE_1>") && all.contains("<EMAIL_1>") && all.contains("<URL_1>"), all);
        assertTrue(all.contains("yes!! 7pm works\nI'll bring the chalk"), "one turn of two messages: " + all);
        assertEquals("whatsapp", ready.report().formats().values().iterator().next());
        assertEquals(1, ready.report().skipped().get("media"));
        assertTrue(ready.report().anonymized().get("PERSON") > 0);
        assertFalse(ready.report().formats().keySet().iterator().next().contains("Sam"), "report keys are anonymized");
    }

    @Test
    void aChatExportWithoutMeIsRejectedListingItsSenders() throws Exception {
        byte[] export = getClass().getResourceAsStream("/exports/" + WHATSAPP).readAllBytes();
        var rejected = assertInstanceOf(DatasetOutcome.Rejected.class, builder.build(
                upload(WHATSAPP, "auto", export, List.of()), "ds-3", pseudonyms()));
        assertEquals("me", rejected.error().param());
        assertTrue(rejected.error().message().contains("Alex Doe") && rejected.error().message().contains("Sam Rivera"),
                rejected.error().message());
    }

    @Test
    void rejectsTooFewExamplesSayingHowMany() throws Exception {
        var rejected = assertInstanceOf(DatasetOutcome.Rejected.class,
                builder.build(jsonl("openai-prompt-completion", lines(2) + lines(1)), "ds-4", pseudonyms()));
        assertEquals("invalid_file", rejected.error().code());
        assertEquals("found 2 examples after removing 1 duplicate; at least 3 are needed", rejected.error().message());
        assertEquals("chats.jsonl", rejected.error().param());
        assertFalse(store.exists(ArtifactKeys.dataset(TENANT, "ds-4", "train")));
    }

    @Test
    void rejectsAnUnknownFormatListingTheKnownOnes() throws Exception {
        var rejected = assertInstanceOf(DatasetOutcome.Rejected.class,
                builder.build(jsonl("xlsx", lines(5)), "ds-5", pseudonyms()));
        assertTrue(rejected.error().message().startsWith("unknown format \"xlsx\"; use one of: auto,"),
                rejected.error().message());
        assertEquals("format", rejected.error().param());
    }

    @Test
    void rejectsABadLineNamingIt() throws Exception {
        var rejected = assertInstanceOf(DatasetOutcome.Rejected.class, builder.build(
                jsonl("auto", lines(2) + "{\"prompt\":\"x\",\"completion\":false}\n"), "ds-6", pseudonyms()));
        assertTrue(rejected.error().message().contains("line 3"), rejected.error().message());
        assertTrue(rejected.error().message().contains("completion"), rejected.error().message());
        assertEquals("chats.jsonl:3", rejected.error().param());
    }

    @Test
    void rejectsFilesWhosePromptsCannotFillThreeSplits() throws Exception {
        String twoPrompts = "{\"prompt\":\"hi\",\"completion\":\"hey\"}\n{\"prompt\":\"hi\",\"completion\":\"hello there!\"}\n"
                + "{\"prompt\":\"yo\",\"completion\":\"sup\"}\n";
        var rejected = assertInstanceOf(DatasetOutcome.Rejected.class,
                builder.build(jsonl("auto", twoPrompts), "ds-7", pseudonyms()));
        assertTrue(rejected.error().message().contains("fewer than 3 conversations"), rejected.error().message());
    }

    @Test
    void rejectsAnUploadOverTheSizeLimitBeforeReadingIt() throws Exception {
        var small = new DatasetBuilder(store, TestIngestConfig.defaults().withMaxUploadBytes(100));
        var rejected = assertInstanceOf(DatasetOutcome.Rejected.class,
                small.build(jsonl("auto", lines(30)), "ds-8", pseudonyms()));
        assertTrue(rejected.error().message().contains("the limit is 100"), rejected.error().message());
    }

    @Test
    void aMissingArtifactIsARejectionNotACrash() throws Exception {
        var upload = new FileUploaded("evt-2", TENANT, Instant.now(), "file-9", "gone.jsonl", "fine-tune", "auto", 10,
                ArtifactKeys.file(TENANT, "file-9"));
        var rejected = assertInstanceOf(DatasetOutcome.Rejected.class, builder.build(upload, "ds-9", pseudonyms()));
        assertEquals("file_not_found", rejected.error().code());
    }

    @Test
    void theMinimumIsConfigurable() throws Exception {
        var lenient = new DatasetBuilder(store, TestIngestConfig.defaults().withMinExamples(1));
        assertInstanceOf(DatasetOutcome.Ready.class, lenient.build(jsonl("auto", lines(1)), "ds-10", pseudonyms()));
    }

    @Test
    void rawUploadsAreDeletedOrKeptOnlyEncrypted() throws Exception {
        var upload = jsonl("auto", lines(5));
        new RawUploads(store, TestIngestConfig.defaults()).dispose(upload);
        assertFalse(store.exists(upload.artifactKey()));

        byte[] plain = lines(5).getBytes(StandardCharsets.UTF_8);
        upload = jsonl("auto", lines(5));
        var key = Base64.getEncoder().encodeToString(new byte[32]);
        var encrypted = new RawUploads(store, TestIngestConfig.defaults().keepingEncrypted(key));
        encrypted.dispose(upload);
        assertFalse(store.exists(upload.artifactKey()));
        byte[] sealed = Files.readAllBytes(store.localPath(upload.artifactKey() + ".enc"));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("question"), "stored in the clear");
        assertArrayEquals(plain, encrypted.decrypt(sealed));
    }
}
