package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.SpamAssassinMails;
import dev.doppel.dataprep.format.ExportSink;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Parse-only throughput over the 6,046 SpamAssassin mails, single thread, files already in memory,
 * after warm-up rounds. Prints, asserts nothing about time. Run it with
 * {@code ./mvnw -o -q -pl services/dataprep test -Dtest=MailThroughputTest -Dmail.bench=true}.
 */
@EnabledIfSystemProperty(named = "mail.bench", matches = "true")
class MailThroughputTest {
    private static final int WARMUP_ROUNDS = 15;
    private static final int MEASURED_ROUNDS = 10;

    @Test
    void printsMailsPerSecond() throws Exception {
        List<Path> files = SpamAssassinMails.files();
        List<byte[]> mails = new ArrayList<>(files.size());
        long bytes = 0;
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            mails.add(content);
            bytes += content.length;
        }
        CountingSink sink = new CountingSink();
        EmlParser parser = new EmlParser();
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            parseAll(parser, mails, sink);
        }
        double[] rates = new double[MEASURED_ROUNDS];
        double total = 0;
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            long start = System.nanoTime();
            parseAll(parser, mails, sink);
            double seconds = (System.nanoTime() - start) / 1e9;
            rates[round] = mails.size() / seconds;
            total += seconds;
        }
        Arrays.sort(rates);
        System.out.printf("mail parse-only: %d mails (%.1f MB), single thread, %d rounds after %d warm-up: median %.0f"
                        + " mails/s, best %.0f, worst %.0f; mean %.1f MB/s (%d mails, %d skipped seen)%n",
                mails.size(), bytes / 1e6, MEASURED_ROUNDS, WARMUP_ROUNDS, rates[MEASURED_ROUNDS / 2],
                rates[MEASURED_ROUNDS - 1], rates[0], bytes * MEASURED_ROUNDS / total / 1e6, sink.mails, sink.skipped);
    }

    private static void parseAll(EmlParser parser, List<byte[]> mails, ExportSink sink) throws Exception {
        for (int i = 0; i < mails.size(); i++) {
            parser.parse(new ByteArrayInputStream(mails.get(i)), "mail-" + i, sink);
        }
    }
}
