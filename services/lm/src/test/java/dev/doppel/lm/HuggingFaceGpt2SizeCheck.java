package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Export and import at GPT-2 small's size (124 M parameters, a 500 MB file), with a random model: time, heap
 * and a vocabulary grown from 50257 to 50261 ids. Opt-in, it needs about 3 GB of memory:
 * {@code ./mvnw -o -pl services/lm test -Dtest=HuggingFaceGpt2SizeCheck -Dlm.gpt2size=true}. It leaves the export
 * and the logits of 8 tokens in {@code target/hf-gpt2-small/} for
 * {@code python3 tools/check_hf_gpt2.py target/hf-gpt2-small target/hf-gpt2-small/logits.json}.
 */
@EnabledIfSystemProperty(named = "lm.gpt2size", matches = "true")
class HuggingFaceGpt2SizeCheck {

    @Test
    void gpt2SmallShapedRoundTrip() throws Exception {
        Path dir = Path.of("target", "hf-gpt2-small");
        GptConfig config = new GptConfig(12, 12, 768, 1024, 50257, 0.1f, true);
        int[] tokens = {464, 2068, 7586, 21831, 18045, 625, 262, 50256};
        float[] logits;
        long start = System.nanoTime();
        try (LanguageModel model = LanguageModel.create(config, new dev.doppel.lm.bench.SizedTokenizer(50257), 1)) {
            System.out.printf("SIZE create %d params: %.1f s%n", model.parameterCount(), seconds(start));
            start = System.nanoTime();
            HuggingFaceGpt2.export(model, dir);
            System.out.printf("SIZE export %d MB: %.1f s%n", Files.size(dir.resolve(HuggingFaceGpt2.WEIGHTS_FILE)) >> 20, seconds(start));
            logits = HuggingFaceGpt2Test.logits(model, tokens);
            float[][] rows = new float[tokens.length][];
            for (int t = 0; t < tokens.length; t++) {
                rows[t] = Arrays.copyOfRange(logits, t * 50257, (t + 1) * 50257);
            }
            new ObjectMapper().writeValue(dir.resolve("logits.json").toFile(),
                    Map.of("cases", List.of(Map.of("tokens", tokens, "logits", rows))));
        }
        System.gc();
        start = System.nanoTime();
        try (LanguageModel loaded = HuggingFaceGpt2.load(dir, new dev.doppel.lm.bench.SizedTokenizer(50261), 2)) {
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("SIZE load with vocabulary growth to %d: %.1f s, heap in use after %d MB%n",
                    loaded.config().vocabSize(), seconds(start), (runtime.totalMemory() - runtime.freeMemory()) >> 20);
            assertEquals(50261, loaded.config().vocabSize());
            float[] after = HuggingFaceGpt2Test.logits(loaded, tokens);
            for (int t = 0; t < tokens.length; t++) {
                assertArrayEquals(Arrays.copyOfRange(logits, t * 50257, (t + 1) * 50257),
                        Arrays.copyOfRange(after, t * 50261, t * 50261 + 50257), 0f);
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
