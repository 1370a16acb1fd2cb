package dev.doppel.lm.ngram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-runnable measurement behind the n-gram numbers in README.md (skipped in normal builds):
 * {@code ./mvnw -B -o -pl services/lm test -Dtest=KneserNeyBenchmark -Dlm.benchmark=true -Ddoppel.test.argLine=-Xmx2g}.
 *
 * <p>Text: {@code -Dngram.corpus=FILE} (UTF-8, one sequence per blank-line-separated paragraph), else the
 * running JDK's own {@code lib/src.zip} (one sequence per Java source file, in zip order), so anyone can
 * re-run it without downloading anything. 4 M characters train, the next 400 k are held out. Two
 * tokenizations: characters (vocabulary = distinct characters), and words and punctuation capped at 8,192 ids
 * (rarer words share one id), which stands in for BPE at that vocabulary size. Last, 4 M uniform random tokens
 * over 8,192 ids at order 7: nearly every n-gram is distinct, the worst case for time and memory.
 */
@EnabledIfSystemProperty(named = "lm.benchmark", matches = "true")
class KneserNeyBenchmark {

    private static final int TRAIN_CHARS = 4_000_000;
    private static final int HELD_OUT_CHARS = 400_000;
    private static final int WORD_VOCAB = 8192;
    private static final Pattern WORD = Pattern.compile("\\w+|[^\\w\\s]|\\s+");

    @TempDir
    Path dir;

    @Test
    void trainScoreGenerateSaveLoad() throws IOException {
        List<String> documents = documents();
        List<String> train = take(documents, 0, TRAIN_CHARS);
        List<String> heldOut = take(documents, train.size(), HELD_OUT_CHARS);
        long heldOutChars = heldOut.stream().mapToLong(String::length).sum();
        System.out.printf("BENCHMARK text: %s; train %,d chars in %,d sequences, held out %,d chars; %d cores, max heap %d MB%n",
                System.getProperty("ngram.corpus", "JDK lib/src.zip"), train.stream().mapToLong(String::length).sum(),
                train.size(), heldOutChars, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        CharVocabulary characters = new CharVocabulary(train);
        WordVocabulary words = new WordVocabulary(train);
        for (int order : new int[] {5, 7}) {
            run("chars", order, characters.vocabSize(), characters.encode(train), characters.encode(heldOut), heldOutChars);
        }
        for (int order : new int[] {5, 7}) {
            run("words", order, WORD_VOCAB, words.encode(train), words.encode(heldOut), heldOutChars);
        }
        // Memory worst case: uniform random tokens, so almost every n-gram of order 3 and up is new.
        Random random = new Random(1);
        List<int[]> noise = List.of(random.ints(TRAIN_CHARS, 0, WORD_VOCAB).toArray());
        run("random", 7, WORD_VOCAB, noise, List.of(random.ints(HELD_OUT_CHARS, 0, WORD_VOCAB).toArray()), HELD_OUT_CHARS);
    }

    private void run(String tokens, int order, int vocabSize, List<int[]> train, List<int[]> heldOut, long heldOutChars)
            throws IOException {
        long trainTokens = train.stream().mapToLong(sequence -> sequence.length).sum();
        long heapBefore = usedHeapAfterGc();
        resetPeaks();
        long start = System.nanoTime();
        KneserNeyModel model = KneserNeyModel.train(train, order, vocabSize);
        double trainSeconds = seconds(start);
        long peak = peakHeap();
        long retained = usedHeapAfterGc() - heapBefore;

        start = System.nanoTime();
        Score score = model.score(heldOut);
        double scoreSeconds = seconds(start);

        start = System.nanoTime();
        int[] generated = model.generate(heldOut.get(0), 500, 1.0, 1, KneserNeyModel.NO_STOP_TOKEN);
        double generateSeconds = seconds(start);

        Path file = dir.resolve("kn.bin");
        start = System.nanoTime();
        model.save(file);
        double saveSeconds = seconds(start);
        long ngrams = model.ngramCount();
        int contexts = model.contextCount();
        long modelBytes = model.memoryBytes();
        model = null; // one model in memory at a time, so the load below does not measure two
        double loadSeconds = timeLoad(file, ngrams);

        System.out.printf("BENCHMARK %s order %d, vocab %,d: train %,d tokens in %.2f s (%,.0f tok/s) | %,d n-grams, %,d contexts%n",
                tokens, order, vocabSize, trainTokens, trainSeconds, trainTokens / trainSeconds, ngrams, contexts);
        System.out.printf("BENCHMARK   memory: model arrays %,d MB, retained after GC %,d MB, peak heap pools during training %,d MB%n",
                modelBytes >> 20, retained >> 20, peak >> 20);
        System.out.printf("BENCHMARK   score %,d held-out tokens in %.2f s (%,.0f tok/s): %.4f nats/char, %.4f nats/token, ppl %.2f%n",
                score.tokens(), scoreSeconds, score.tokens() / scoreSeconds, score.natsPerChar(heldOutChars),
                score.natsPerToken(), score.perplexity());
        System.out.printf("BENCHMARK   generate %d tokens in %.3f s | save %.2f s, load %.2f s, file %,d MB%n",
                generated.length, generateSeconds, saveSeconds, loadSeconds, Files.size(file) >> 20);
    }

    /** Loads in a frame of its own, where nothing else holds a model. */
    private static double timeLoad(Path file, long expectedNgrams) throws IOException {
        long start = System.nanoTime();
        KneserNeyModel loaded = KneserNeyModel.load(file);
        double seconds = seconds(start);
        if (loaded.ngramCount() != expectedNgrams) {
            throw new AssertionError("load lost n-grams");
        }
        return seconds;
    }

    private static List<String> documents() throws IOException {
        String corpus = System.getProperty("ngram.corpus");
        if (corpus != null) {
            return Arrays.stream(Files.readString(Path.of(corpus)).split("\\n\\s*\\n")).filter(p -> !p.isBlank()).toList();
        }
        List<String> sources = new ArrayList<>();
        long characters = 0;
        Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null && characters < 2L * (TRAIN_CHARS + HELD_OUT_CHARS);
                 entry = in.getNextEntry()) {
                if (entry.getName().endsWith(".java")) {
                    String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    sources.add(source);
                    characters += source.length();
                }
            }
        }
        return sources;
    }

    /** Whole documents from {@code from} on until {@code characters} are reached. */
    private static List<String> take(List<String> documents, int from, int characters) {
        List<String> taken = new ArrayList<>();
        long total = 0;
        for (int i = from; i < documents.size() && total < characters; i++) {
            taken.add(documents.get(i));
            total += documents.get(i).length();
        }
        return taken;
    }

    private static final class CharVocabulary {
        private final Map<Character, Integer> ids = new HashMap<>();

        CharVocabulary(List<String> texts) {
            texts.forEach(text -> text.chars().forEach(c -> ids.putIfAbsent((char) c, ids.size())));
        }

        int vocabSize() {
            return ids.size() + 1; // the last id stands for characters never seen in training
        }

        List<int[]> encode(List<String> texts) {
            return texts.stream().map(text -> text.chars().map(c -> ids.getOrDefault((char) c, ids.size())).toArray()).toList();
        }
    }

    private static final class WordVocabulary {
        private final Map<String, Integer> ids = new HashMap<>();

        WordVocabulary(List<String> texts) {
            Map<String, Integer> frequency = new HashMap<>();
            texts.forEach(text -> pieces(text).forEach(piece -> frequency.merge(piece, 1, Integer::sum)));
            frequency.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(WORD_VOCAB - 1).forEach(entry -> ids.put(entry.getKey(), ids.size()));
        }

        List<int[]> encode(List<String> texts) {
            return texts.stream().map(text -> pieces(text).stream().mapToInt(p -> ids.getOrDefault(p, WORD_VOCAB - 1)).toArray())
                    .toList();
        }

        private static List<String> pieces(String text) {
            List<String> pieces = new ArrayList<>();
            Matcher matcher = WORD.matcher(text);
            while (matcher.find()) {
                pieces.add(matcher.group());
            }
            return pieces;
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of each heap pool's own peak: an upper bound, since the pools need not peak together. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
