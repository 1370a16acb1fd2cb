package dev.doppel.cli.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.doppel.dataprep.DatasetJsonl;
import dev.doppel.dataprep.DatasetPreparer;
import dev.doppel.dataprep.InvalidInputException;
import dev.doppel.dataprep.PreparedDataset;
import dev.doppel.dataprep.report.LengthStats;
import dev.doppel.dataprep.report.PrepareReport;
import dev.doppel.dataprep.report.Warning;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/doppel prepare-data -f FILE}: what ingest would make of a file, without the stack — the
 * report of {@code openai tools fine_tunes.prepare_data} plus anonymization and pairing — and, with
 * {@code --out}, the anonymized split files themselves.
 */
@Command(name = "prepare-data", mixinStandardHelpOptions = true,
        description = "Checks and prepares an export or training file the way ingest does, without the stack running.")
public final class PrepareDataCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The upload: JSONL, CSV/TSV, WhatsApp .txt, Telegram or Messenger JSON, mbox, .eml, text, or a zip of them.")
    Path file;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT", description = "Declared format (default ${DEFAULT-VALUE}: detect).")
    String format;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write train/validation/test.jsonl (anonymized) here.")
    Path out;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    PrepareOptionsMixin settings;

    @Override
    public Integer call() throws Exception {
        PreparedDataset prepared;
        try (InputStream in = Files.newInputStream(file)) {
            prepared = new DatasetPreparer(settings.options(), settings.pseudonyms())
                    .prepare(in, file.getFileName().toString(), format);
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage() + " [" + e.location() + "]");
            return 1;
        }
        if (json) {
            System.out.println(JSON.writeValueAsString(prepared.report()));
        } else {
            print(prepared.report());
        }
        if (out != null) {
            write(prepared);
        }
        return 0;
    }

    private void write(PreparedDataset prepared) throws Exception {
        Files.createDirectories(out);
        var examples = prepared.examples();
        var documents = prepared.documents();
        var splits = Map.of("train", examples.train(), "validation", examples.validation(), "test", examples.test());
        var corpora = Map.of("train", documents.train(), "validation", documents.validation(), "test", documents.test());
        for (String split : splits.keySet()) {
            try (OutputStream os = Files.newOutputStream(out.resolve(split + ".jsonl"))) {
                DatasetJsonl.writeExamples(splits.get(split), os);
            }
            if (!corpora.get(split).isEmpty()) {
                try (OutputStream os = Files.newOutputStream(out.resolve(split + "-corpus.jsonl"))) {
                    DatasetJsonl.writeDocuments(corpora.get(split), os);
                }
            }
        }
        System.out.println("wrote " + out.resolve("{train,validation,test}.jsonl"));
    }

    static void print(PrepareReport r) {
        r.formats().forEach((name, format) -> System.out.println("file: " + name + " (" + format + ")"));
        if (r.conversations() > 0) {
            System.out.printf("- %d conversations, %d messages%n", r.conversations(), r.messages());
        }
        if (!r.skipped().isEmpty()) {
            System.out.println("- skipped: " + join(r.skipped()));
        }
        System.out.printf("- %d prompt/reply pairs found; removed %d exact and %d near duplicates; kept %d%s%n",
                r.pairs(), r.exactDuplicates(), r.nearDuplicates(), r.examples(),
                r.documents() > 0 ? " pairs and " + r.documents() + " text documents" : "");
        System.out.println("- anonymized: " + (r.anonymized().isEmpty() ? "nothing found" : join(r.anonymized())));
        System.out.println("- splits: " + join(r.splits()));
        System.out.println("- prompt tokens (GPT-2):     " + stats(r.promptTokens()));
        System.out.println("- completion tokens (GPT-2): " + stats(r.completionTokens()));
        if (r.warnings().isEmpty()) {
            System.out.println("No warnings.");
            return;
        }
        System.out.println("Warnings:");
        for (Warning w : r.warnings()) {
            System.out.println("- [" + w.code() + "] " + w.message()
                    + (w.locations().isEmpty() ? "" : " (e.g. " + String.join(", ", w.locations()) + ")"));
            System.out.println("  suggestion: " + w.suggestion());
        }
    }

    private static String stats(LengthStats s) {
        return s.count() == 0 ? "-" : String.format("min %d, mean %.1f, median %d, p95 %d, max %d",
                s.min(), s.mean(), s.p50(), s.p95(), s.max());
    }

    private static String join(Map<String, ?> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
