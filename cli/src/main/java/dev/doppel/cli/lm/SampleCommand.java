package dev.doppel.cli.lm;

import dev.doppel.lm.ChatTemplate;
import dev.doppel.lm.Decoder;
import dev.doppel.lm.GenerationOptions;
import dev.doppel.lm.Generator;
import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generates from a checkpoint, streaming the text as it is written.")
final class SampleCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT")
    Path model;

    @Option(names = "--prompt", defaultValue = "", description = "What the other person says (or, with --raw, the text to continue).")
    String prompt;

    @Option(names = "--raw", description = "Continue the prompt as plain text (a pretrained model) instead of replying to it.")
    boolean raw;

    @Option(names = "--max-tokens", defaultValue = "200")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0")
    double topP;

    @Option(names = "-n", defaultValue = "1", description = "Candidates.")
    int n;

    @Option(names = "--beams", defaultValue = "1", description = "Beam width; above 1, beam search instead of sampling.")
    int beams;

    @Option(names = "--no-repeat-ngram", defaultValue = "0")
    int noRepeatNgram;

    @Option(names = "--repetition-penalty", defaultValue = "1.0")
    double repetitionPenalty;

    @Option(names = "--presence-penalty", defaultValue = "0")
    double presencePenalty;

    @Option(names = "--frequency-penalty", defaultValue = "0")
    double frequencyPenalty;

    @Option(names = "--stop", description = "Stop sequence (repeatable, at most 4).")
    List<String> stop = List.of();

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws Exception {
        GenerationOptions options = new GenerationOptions(maxTokens, temperature, topK, topP, n, beams, noRepeatNgram,
                repetitionPenalty, presencePenalty, frequencyPenalty, stop, seed);
        try (LanguageModel m = LanguageModel.load(model)) {
            Tokenizer tokenizer = m.tokenizer();
            int[] context = raw ? rawContext(tokenizer) : new ChatTemplate(tokenizer).prompt(prompt);
            Decoder decoder = m.decoder();
            int[] current = {-1};
            long start = System.nanoTime();
            List<Generator.Generation> generations = Generator.generate(decoder, tokenizer, context, options, (choice, delta) -> {
                if (choice != current[0]) {
                    System.out.printf("%n--- candidate %d ---%n%s", choice, raw ? prompt : "");
                    current[0] = choice;
                }
                System.out.print(delta);
                System.out.flush();
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            int tokens = generations.stream().mapToInt(Generator.Generation::completionTokens).sum();
            System.out.println();
            for (int i = 0; i < generations.size(); i++) {
                Generator.Generation g = generations.get(i);
                System.out.printf("[candidate %d: %d tokens, finish %s, log-prob %.2f]%n", i, g.completionTokens(),
                        g.finishReason().openAiName(), g.logProb());
            }
            System.out.printf("[%d tokens in %.2f s: %.0f tokens/s]%n", tokens, seconds, tokens / seconds);
        }
        return 0;
    }

    /** A pretrained model saw documents separated by the end-of-turn token: start a new one. */
    private int[] rawContext(Tokenizer tokenizer) {
        int[] text = tokenizer.encode(prompt);
        int[] context = new int[text.length + 1];
        context[0] = tokenizer.endToken();
        System.arraycopy(text, 0, context, 1, text.length);
        return context;
    }
}
