package dev.doppel.lm.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.doppel.lm.BpeTokenizer;
import dev.doppel.lm.BpeTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * Encoding throughput, single-threaded: our {@link BpeTokenizer} on GPT-2's r50k ranks against jtokkit's r50k
 * encoder (the same ids, checked), and our encoder on a vocabulary trained on the text itself. Each encoder is
 * warmed up, then timed over whole passes of the text; best and median pass are reported.
 *
 * <p>Our encoder caches piece encodings, so after the first pass it mostly looks pieces up; the "cold" row times
 * the first pass of a fresh instance to show the cost without that cache.
 *
 * <pre>{@code
 * ./mvnw -o -q -pl services/lm compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp services/lm/target/classes:$(cat services/lm/target/cp.txt) \
 *     dev.doppel.lm.bench.TokenizerBenchmark corpus.txt [repetitions]
 * }</pre>
 */
public final class TokenizerBenchmark {

    public static final int TRAINED_VOCAB_SIZE = 4096;
    private static final int WARMUP_PASSES = 3;

    /** One encoder's passes over the text. */
    public record Throughput(String encoder, int tokens, double bestMegabytesPerSecond,
            double medianMegabytesPerSecond, double medianTokensPerSecond) {
        @Override
        public String toString() {
            return "%-28s best %7.1f MB/s   median %7.1f MB/s   %6.2f M tokens/s   (%,d tokens)".formatted(encoder,
                    bestMegabytesPerSecond, medianMegabytesPerSecond, medianTokensPerSecond / 1e6, tokens);
        }
    }

    public record Result(long textBytes, boolean sameIdsAsJtokkit, double trainingSeconds, Throughput ourR50k,
            Throughput ourR50kColdCache, Throughput jtokkitR50k, Throughput ourTrained) {
        @Override
        public String toString() {
            return String.join("\n",
                    "text: %.2f MB (%,d bytes)".formatted(textBytes / 1e6, textBytes),
                    ourR50k.toString(), ourR50kColdCache.toString(), jtokkitR50k.toString(), ourTrained.toString(),
                    "ours and jtokkit give the same r50k ids: " + sameIdsAsJtokkit,
                    "training the %d-token vocabulary took %.1f s".formatted(TRAINED_VOCAB_SIZE, trainingSeconds));
        }
    }

    private TokenizerBenchmark() {
    }

    public static Result run(String text, int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1, got " + repetitions);
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        BpeTokenizer ourR50k = BpeTokenizer.gpt2();
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        boolean same = Arrays.equals(ourR50k.encode(text), jtokkit.encodeOrdinary(text).toArray());

        long trainingStart = System.nanoTime();
        BpeTokenizer trained = BpeTrainer.train(text, TRAINED_VOCAB_SIZE);
        double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;

        return new Result(bytes, same, trainingSeconds,
                measure("ours, r50k", text, bytes, repetitions, t -> ourR50k.encode(t).length),
                measureCold("ours, r50k, cold cache", text, bytes, repetitions),
                measure("jtokkit, r50k", text, bytes, repetitions, t -> jtokkit.encodeOrdinary(t).size()),
                measure("ours, trained " + TRAINED_VOCAB_SIZE, text, bytes, repetitions, t -> trained.encode(t).length));
    }

    private static Throughput measure(String name, String text, long bytes, int repetitions, ToIntFunction<String> encoder) {
        for (int i = 0; i < WARMUP_PASSES; i++) {
            encoder.applyAsInt(text);
        }
        long[] nanos = new long[repetitions];
        int tokens = 0;
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            tokens = encoder.applyAsInt(text);
            nanos[i] = System.nanoTime() - start;
        }
        return throughput(name, tokens, bytes, nanos);
    }

    /** The first pass of fresh instances, after the JIT has warmed up on other instances. */
    private static Throughput measureCold(String name, String text, long bytes, int repetitions) {
        for (int i = 0; i < WARMUP_PASSES; i++) {
            BpeTokenizer.gpt2().encode(text);
        }
        long[] nanos = new long[repetitions];
        int tokens = 0;
        for (int i = 0; i < repetitions; i++) {
            BpeTokenizer fresh = BpeTokenizer.gpt2();
            long start = System.nanoTime();
            tokens = fresh.encode(text).length;
            nanos[i] = System.nanoTime() - start;
        }
        return throughput(name, tokens, bytes, nanos);
    }

    private static Throughput throughput(String name, int tokens, long bytes, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double bestSeconds = sorted[0] / 1e9;
        double medianSeconds = sorted[sorted.length / 2] / 1e9;
        return new Throughput(name, tokens, bytes / 1e6 / bestSeconds, bytes / 1e6 / medianSeconds, tokens / medianSeconds);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TokenizerBenchmark <text file> [repetitions, default 10]");
            System.exit(2);
        }
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println(run(text, repetitions));
    }
}
