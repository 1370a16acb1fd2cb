package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.Document;
import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.SpamAssassinMails;
import dev.doppel.dataprep.format.ExportSink;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final int WARMUP_ROUNDS = 5;
    private static final int MEASURED_ROUNDS = 5;

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
        double best = 0;
        double total = 0;
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            long start = System.nanoTime();
            parseAll(parser, mails, sink);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, mails.size() / seconds);
            total += seconds;
        }
        double mean = mails.size() * MEASURED_ROUNDS / total;
        System.out.printf("mail parse-only: %d mails (%.1f MB), single thread: %.0f mails/s mean, %.0f mails/s best,"
                        + " %.1f MB/s mean (%d rounds after %d warm-up; %d mails, %d skipped seen)%n",
                mails.size(), bytes / 1e6, mean, best, bytes * MEASURED_ROUNDS / total / 1e6, MEASURED_ROUNDS,
                WARMUP_ROUNDS, sink.mails, sink.skipped);
    }

    private static void parseAll(EmlParser parser, List<byte[]> mails, ExportSink sink) throws Exception {
        for (int i = 0; i < mails.size(); i++) {
            parser.parse(new ByteArrayInputStream(mails.get(i)), "mail-" + i, sink);
        }
    }

    /** Counts, so the JIT cannot drop the work, and keeps nothing, so the heap does not grow. */
    private static final class CountingSink implements ExportSink {
        long mails;
        long skipped;
        long chars;

        @Override
        public void mail(ChatMessage mail, String source) {
            mails++;
            chars += mail.text().length();
        }

        @Override
        public void skipped(String kind) {
            skipped++;
        }

        @Override
        public void conversation(Conversation conversation) {
        }

        @Override
        public void example(Example example) {
        }

        @Override
        public void document(Document document) {
        }
    }
}
