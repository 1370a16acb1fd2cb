package dev.doppel.lm.ngram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KneserNeyFileTest {

    @TempDir
    Path dir;

    @Test
    void saveThenLoadGivesIdenticalLogProbs() throws IOException {
        for (int order : new int[] {1, 2, 5}) {
            Random random = new Random(order);
            List<int[]> corpus = Corpora.randomSequences(random, 40, 50, 15);
            KneserNeyModel model = KneserNeyModel.train(corpus, order, 20);
            Path file = dir.resolve("kn-" + order + ".bin");
            model.save(file);
            KneserNeyModel loaded = KneserNeyModel.load(file);

            assertEquals(model.order(), loaded.order());
            assertEquals(model.vocabSize(), loaded.vocabSize());
            assertEquals(model.ngramCount(), loaded.ngramCount());
            assertEquals(model.contextCount(), loaded.contextCount());
            for (int trial = 0; trial < 200; trial++) {
                int[] history = random.ints(random.nextInt(8), 0, 20).toArray();
                assertArrayEquals(model.distribution(history), loaded.distribution(history), 0.0);
                int token = random.nextInt(20);
                assertEquals(model.logProb(history, token), loaded.logProb(history, token), 0.0);
            }
            assertEquals(model.score(corpus).nll(), loaded.score(corpus).nll(), 0.0);
            assertFalse(Files.exists(dir.resolve("kn-" + order + ".bin.tmp")), "no temporary file left behind");
        }
    }

    @Test
    void badFilesFailWithAnIOExceptionNamingThem() throws IOException {
        Path file = dir.resolve("model.bin");
        KneserNeyModel.train(Corpora.randomSequences(new Random(1), 20, 30, 10), 3, 10).save(file);
        byte[] good = Files.readAllBytes(file);

        assertFailsWith(file, "not a Doppel Kneser-Ney model", "{\"format\": \"doppel-lm/1\"}".getBytes(StandardCharsets.UTF_8));
        assertFailsWith(file, "not a Doppel Kneser-Ney model", new byte[0]);
        byte[] otherVersion = good.clone();
        otherVersion[11] = 9;
        assertFailsWith(file, "format version 9", otherVersion);
        assertFailsWith(file, "truncated", Arrays.copyOf(good, good.length - 5));
        assertFailsWith(file, "truncated", Arrays.copyOf(good, 30));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertFailsWith(file, "checksum", flipped);
        byte[] hugeCounts = good.clone();
        hugeCounts[20] = 0x7f; // contextCount's top byte: the size check must catch it before any allocation
        assertFailsWith(file, "truncated or corrupt", hugeCounts);
    }

    private static void assertFailsWith(Path file, String fragment, byte[] content) throws IOException {
        Files.write(file, content);
        IOException error = assertThrows(IOException.class, () -> KneserNeyModel.load(file));
        assertTrue(error.getMessage().contains(fragment) && error.getMessage().contains(file.toString()),
                error.getMessage());
    }
}
