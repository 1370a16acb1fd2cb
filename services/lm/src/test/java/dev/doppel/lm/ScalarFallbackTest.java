package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.doppel.lm.bench.DecodeBenchmark;
import dev.doppel.lm.kernels.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started without {@code --add-modules jdk.incubator.vector} must still decode, on the scalar kernels. */
class ScalarFallbackTest {

    private static final GptConfig CONFIG = new GptConfig(2, 2, 32, 32, 96, 0f, true);

    @Test
    void aJvmWithoutTheVectorModuleDecodesWithScalarKernels() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertEquals("scalar " + greedyTokens(Kernels.scalar()), output.lines().reduce((a, b) -> b).orElse(""));
    }

    static List<Integer> greedyTokens(Kernels kernels) {
        try (CachedDecoder decoder = new CachedDecoder(CONFIG, DecodeBenchmark.randomStateDict(CONFIG, 3), kernels, 1)) {
            Decoder.DecodeSession session = decoder.start(new int[] {1, 2, 3});
            List<Integer> tokens = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // past one overflow
                int next = DecoderFixtures.argmax(session.logits());
                tokens.add(next);
                session.append(next);
            }
            return tokens;
        }
    }

    /** Runs in the child JVM: prints the kernels it got and the tokens they decode. */
    public static final class Probe {
        public static void main(String[] args) {
            Kernels best = Kernels.best();
            System.out.println(best.name() + " " + greedyTokens(best));
        }
    }
}
