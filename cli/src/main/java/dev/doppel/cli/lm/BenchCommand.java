package dev.doppel.cli.lm;

import dev.doppel.cli.MachineInfo;
import dev.doppel.cli.ProcessMemory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.lm.Gemm;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.MklDispatch;
import dev.doppel.lm.bench.DecodeBenchmark;
import dev.doppel.lm.bench.FmaPeak;
import dev.doppel.lm.bench.TokenizerBenchmark;
import dev.doppel.lm.bench.TrainingBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The engine's benchmark: fp32 GEMM FLOP/s (what MFU divides by) beside the cores' fp32 FMA peak (the physical
 * limit, which a GEMM library need not reach), training tokens/s and MFU and single-stream
 * decode tokens/s at the two sizes the README compares with llama2.c, tokenizer throughput against jtokkit, and
 * the process's peak RSS.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures GEMM FLOP/s, training tokens/s and MFU, decode tokens/s, tokenizer MB/s and peak RSS.")
final class BenchCommand implements Callable<Integer> {

    /** d=128, 4 layers, 4 heads, context 128, char-level vocabulary 96; trained with batch 16. */
    static final GptConfig SMALL = new GptConfig(4, 4, 128, 128, 96, 0f, true);
    /** d=256, 6 layers, 8 heads, context 256, vocabulary 96; trained with batch 8. */
    static final GptConfig MEDIUM = new GptConfig(6, 8, 256, 256, 96, 0f, true);

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--text", paramLabel = "FILE", description = "Text for the tokenizer benchmark (default: the repository's Markdown files).")
    Path text;

    @Option(names = "--quick", description = "Fewer steps and repetitions: a smoke run, not numbers to report.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        int scale = quick ? 1 : 4;
        Map<String, Object> out = new LinkedHashMap<>();
        double gemm = Gemm.peakFlops(); // measured once per process; the trainer's MFU divides by the same number
        out.put("gemm_gflops", null); // first in the output; filled in below with the best measurement
        progress("gemm %.1f GFLOP/s; %s", gemm / 1e9, MklDispatch.outcome());
        FmaPeak.Result fma = FmaPeak.measure(MachineInfo.cpus(), quick ? 5_000_000 : 50_000_000, 3);
        progress("fma peak %.1f GFLOP/s (%d-bit vectors, %d threads)", fma.flops() / 1e9, fma.vectorBits(), fma.threads());

        // Warm-up lasts until the JIT has compiled the Java side of a step (TrainingBenchmark): at least 30 small
        // and 8 medium steps, at most 200 and 40 (a quick run stops at the least). The median of the measured
        // steps is the rate.
        TrainingBenchmark.Result small = TrainingBenchmark.run(SMALL, 16, 30, quick ? 30 : 200, 10 * scale);
        progress("train small %.0f tok/s after %d warm-up steps", small.tokensPerSecond(), small.warmupSteps());
        TrainingBenchmark.Result medium = TrainingBenchmark.run(MEDIUM, 8, 8, quick ? 8 : 40, 3 * scale);
        progress("train medium %.0f tok/s after %d warm-up steps", medium.tokensPerSecond(), medium.warmupSteps());
        double peak = Gemm.remeasure(); // the higher of two measurements, taken before and after training
        progress("gemm again, best %.1f GFLOP/s", peak / 1e9);
        out.put("gemm_gflops", round(peak / 1e9));
        out.put("mkl_intel_dispatch", MklDispatch.inEffect());
        out.put("fma_peak_gflops", round(fma.flops() / 1e9));
        out.put("fma_vector_bits", fma.vectorBits());
        out.put("train_tok_s_small", Math.round(small.tokensPerSecond()));
        out.put("train_mfu_small", round(small.mfu(peak)));
        out.put("train_tok_s_medium", Math.round(medium.tokensPerSecond()));
        out.put("train_mfu_medium", round(medium.mfu(peak)));
        out.put("train_fma_util_small", round(small.mfu(fma.flops())));
        out.put("train_fma_util_medium", round(medium.mfu(fma.flops())));
        out.put("train_warmup_steps_small", small.warmupSteps());
        out.put("train_warmup_steps_medium", medium.warmupSteps());
        out.put("train_jit_settled", small.jitSettled() && medium.jitSettled());

        out.put("decode_tok_s_small", Math.round(DecodeBenchmark.tokensPerSecond(SMALL, 5_000 * scale, 1)));
        out.put("decode_tok_s_medium", Math.round(DecodeBenchmark.tokensPerSecond(MEDIUM, 1_500 * scale, 1)));
        progress("decode done");

        TokenizerBenchmark.Result tokenizer = TokenizerBenchmark.run(benchmarkText(), quick ? 2 : 10);
        out.put("tokenizer_mb_s_ours_r50k", round(tokenizer.ourR50k().medianMegabytesPerSecond()));
        out.put("tokenizer_mb_s_jtokkit_r50k", round(tokenizer.jtokkitR50k().medianMegabytesPerSecond()));
        out.put("tokenizer_same_ids_as_jtokkit", tokenizer.sameIdsAsJtokkit());
        out.put("tokenizer_mb_s_ours_trained_4096", round(tokenizer.ourTrained().medianMegabytesPerSecond()));

        out.put("params_small", small.parameters());
        out.put("params_medium", medium.parameters());
        out.put("peak_rss_mb", ProcessMemory.peakRssMegabytes());
        out.put("cpus", MachineInfo.cpus());
        out.put("cpu", MachineInfo.cpuModel());
        out.put("java", MachineInfo.java());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            printTable(out);
        }
        return 0;
    }

    /** The README's table: each number beside its target or peer. */
    private static void printTable(Map<String, Object> out) {
        String row = "%-34s %14s   %s%n";
        System.out.printf(row, "metric", "value", "target / peer");
        System.out.printf(row, "fp32 GEMM (1024^3), GFLOP/s", out.get("gemm_gflops"), "what MFU divides by (the engine's GEMM)");
        System.out.printf(row, "MKL's AVX-512 kernels on AMD", out.get("mkl_intel_dispatch"), MklDispatch.outcome());
        System.out.printf(row, "fp32 FMA peak of the cores, GFLOP/s", out.get("fma_peak_gflops"),
                out.get("fma_vector_bits") + "-bit vectors, every core: no product beats it");
        System.out.printf(row, "train small, tokens/s", out.get("train_tok_s_small"), "d=128 4L ctx 128 batch 16");
        System.out.printf(row, "train small, MFU", out.get("train_mfu_small"), ">= 0.60");
        System.out.printf(row, "train medium, tokens/s", out.get("train_tok_s_medium"), "d=256 6L ctx 256 batch 8");
        System.out.printf(row, "train medium, MFU", out.get("train_mfu_medium"), ">= 0.60");
        System.out.printf(row, "train small / medium, of FMA peak", out.get("train_fma_util_small") + " / "
                + out.get("train_fma_util_medium"), "6N x tokens/s over the FMA peak");
        System.out.printf(row, "train warm-up steps, small / medium", out.get("train_warmup_steps_small") + " / "
                + out.get("train_warmup_steps_medium"), "until the JIT is quiet: " + out.get("train_jit_settled"));
        System.out.printf(row, "decode small, tokens/s (KV cache)", out.get("decode_tok_s_small"), "llama2.c run.c: ~10,000");
        System.out.printf(row, "decode medium, tokens/s (KV cache)", out.get("decode_tok_s_medium"), "llama2.c run.c: ~1,800");
        System.out.printf(row, "tokenizer r50k, ours, MB/s", out.get("tokenizer_mb_s_ours_r50k"),
                "same ids as jtokkit: " + out.get("tokenizer_same_ids_as_jtokkit"));
        System.out.printf(row, "tokenizer r50k, jtokkit, MB/s", out.get("tokenizer_mb_s_jtokkit_r50k"), "peer");
        System.out.printf(row, "tokenizer trained 4096, MB/s", out.get("tokenizer_mb_s_ours_trained_4096"), "");
        System.out.printf(row, "peak RSS, MB", out.get("peak_rss_mb"), "whole benchmark process");
        System.out.printf(row, "machine", out.get("cpus") + " cpus", out.get("cpu") + ", Java " + out.get("java"));
    }

    private void progress(String format, Object... args) {
        System.err.printf("bench: " + format + "%n", args);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private String benchmarkText() throws IOException {
        if (text != null) {
            return Files.readString(text);
        }
        Path root = Path.of(System.getenv().getOrDefault("DOPPEL_REPO_ROOT", "."));
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root, 3)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("/target/")).sorted().toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        String once = all.toString();
        return once.repeat(Math.max(1, 2_000_000 / Math.max(1, once.length())));
    }

}
