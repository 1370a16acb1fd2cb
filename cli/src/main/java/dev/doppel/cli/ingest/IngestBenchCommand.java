package dev.doppel.cli.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.cli.ProcessMemory;
import dev.doppel.dataprep.DatasetPreparer;
import dev.doppel.dataprep.PreparedDataset;
import dev.doppel.dataprep.SpamAssassinMails;
import dev.doppel.dataprep.format.ParsedExport;
import dev.doppel.dataprep.format.mail.EmlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/doppel ingest bench}: all 6,046 SpamAssassin mails end to end — parse, clean, anonymize,
 * thread, pair, dedupe, split and report — as one upload. The files are read into memory first, so the
 * figure is ingest's work, not the disk's.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Ingests the 6,046 SpamAssassin mails end to end and reports mails/s and peak RSS.")
final class IngestBenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N", description = "Timed rounds after 2 warm-up rounds; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    PrepareOptionsMixin settings;

    private record Mail(String name, byte[] bytes) {
    }

    private record Round(double parseSeconds, double prepareSeconds, PreparedDataset prepared) {
        double total() {
            return parseSeconds + prepareSeconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Mail> mails = SpamAssassinMails.files().stream().map(IngestBenchCommand::read).toList();
        if (settings.me.isEmpty()) {
            settings.me = List.of(mostFrequentSender(mails));
        }
        for (int i = 0; i < 2; i++) {
            round(mails);
        }
        Round[] timed = new Round[rounds];
        for (int i = 0; i < rounds; i++) {
            timed[i] = round(mails);
        }
        Arrays.sort(timed, (a, b) -> Double.compare(a.total(), b.total()));
        Round median = timed[rounds / 2];
        var result = new LinkedHashMap<String, Object>();
        result.put("mails", mails.size());
        result.put("mails_per_s", Math.round(mails.size() / median.total()));
        result.put("parse_mails_per_s", Math.round(mails.size() / median.parseSeconds()));
        result.put("prepare_mails_per_s", Math.round(mails.size() / median.prepareSeconds()));
        result.put("peak_rss_mb", ProcessMemory.peakRssMegabytes());
        result.put("me", settings.me);
        result.put("pairs", median.prepared().report().pairs());
        result.put("examples", median.prepared().report().examples());
        result.put("conversations", median.prepared().report().conversations());
        result.put("anonymized", median.prepared().report().anonymized());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        if (json) {
            System.out.println(JSON.writeValueAsString(result));
        } else {
            result.forEach((k, v) -> System.out.printf("%-20s %s%n", k, v));
        }
        return 0;
    }

    private Round round(List<Mail> mails) throws Exception {
        long start = System.nanoTime();
        ParsedExport parsed = parse(mails);
        long parsedAt = System.nanoTime();
        PreparedDataset prepared = new DatasetPreparer(settings.options(), settings.pseudonyms())
                .prepare(parsed, Map.of("spam-assassin", "eml"));
        long end = System.nanoTime();
        return new Round((parsedAt - start) / 1e9, (end - parsedAt) / 1e9, prepared);
    }

    /** The corpus has no single owner: the bench plays the sender who wrote the most replies, so pairing has work. */
    private static String mostFrequentSender(List<Mail> mails) throws Exception {
        return parse(mails).mails().stream()
                .filter(m -> m.mail().inReplyTo() != null)
                .map(m -> m.mail().senderAddress())
                .filter(a -> a != null)
                .collect(Collectors.groupingBy(a -> a, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static ParsedExport parse(List<Mail> mails) throws Exception {
        var parsed = new ParsedExport();
        var parser = new EmlParser();
        for (Mail mail : mails) {
            parser.parse(mail.bytes(), mail.bytes().length, mail.name(), parsed);
        }
        return parsed;
    }

    private static Mail read(Path path) {
        try {
            return new Mail(path.getParent().getFileName() + "/" + path.getFileName(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
