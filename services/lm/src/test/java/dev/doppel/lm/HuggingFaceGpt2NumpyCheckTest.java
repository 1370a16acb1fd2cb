package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Exports small trained models with the logits our Java forward pass computes for a few sequences, under
 * {@code target/hf-gpt2-check/}, and has {@code tools/check_hf_gpt2.py} (an independent numpy implementation
 * of Hugging Face's GPT2LMHeadModel) recompute them from the exported files. Skipped, after writing the files,
 * where python3 with numpy is missing; run the script by hand then:
 * {@code python3 tools/check_hf_gpt2.py target/hf-gpt2-check/bias target/hf-gpt2-check/bias/logits.json}.
 */
class HuggingFaceGpt2NumpyCheckTest {

    private static final Path ROOT = Path.of("target", "hf-gpt2-check");
    private static final Path SCRIPT = Path.of("tools", "check_hf_gpt2.py");

    @Test
    void numpyReimplementationOfHuggingFaceGpt2AgreesWithOurLogits() throws Exception {
        Path withBias = export("bias", new GptConfig(2, 2, 32, 64, 260, 0.1f, true), 21);
        Path withoutBias = export("nobias", new GptConfig(2, 4, 32, 64, 260, 0f, false), 22);

        assumeTrue(pythonWithNumpy(), "python3 with numpy is not available; run " + SCRIPT + " by hand");
        for (Path dir : List.of(withBias, withoutBias)) {
            Process process = new ProcessBuilder("python3", SCRIPT.toString(), dir.toString(),
                    dir.resolve("logits.json").toString(), "--tolerance", "1e-4", "--compare-activations")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(2, TimeUnit.MINUTES);
            System.out.println(output);
            assertEquals(0, process.exitValue(), output);
        }
    }

    private static Path export(String name, GptConfig config, long seed) throws IOException {
        Path dir = ROOT.resolve(name);
        try (LanguageModel model = LanguageModel.create(config, HuggingFaceGpt2Test.TOKENIZER, seed)) {
            // Long enough to move every parameter well away from its initialization and to sharpen the logits.
            Trainer.train(model, HuggingFaceGpt2Test.EXAMPLES, List.of(),
                    new TrainingOptions(40, 2, 1, 1e-2f, 4, 0.1f, 0.1f, 1f, 0, 0, seed, 0), null);
            HuggingFaceGpt2.export(model, dir);
            List<Map<String, Object>> cases = new ArrayList<>();
            for (Example example : HuggingFaceGpt2Test.EXAMPLES) {
                cases.add(logitsCase(model, new ChatTemplate(model.tokenizer()).encode(example).tokens()));
            }
            Random random = new Random(seed);
            int[] fullContext = random.ints(config.blockSize(), 0, config.vocabSize()).toArray(); // every wpe row
            cases.add(logitsCase(model, fullContext));
            new ObjectMapper().writeValue(dir.resolve("logits.json").toFile(), Map.of("cases", cases));
        }
        return dir;
    }

    private static Map<String, Object> logitsCase(LanguageModel model, int[] tokens) {
        float[] flat = HuggingFaceGpt2Test.logits(model, tokens);
        int vocab = model.config().vocabSize();
        float[][] rows = new float[tokens.length][];
        for (int t = 0; t < tokens.length; t++) {
            rows[t] = Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
        }
        return Map.of("tokens", tokens, "logits", rows);
    }

    private static boolean pythonWithNumpy() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
