package dev.doppel.cli.lm;

import dev.doppel.lm.ChatTemplate;
import dev.doppel.lm.Example;
import dev.doppel.lm.Tokenizer;
import dev.doppel.lm.ngram.KneserNeyModel;
import dev.doppel.lm.ngram.Score;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kneser-Ney baselines over the model's own tokens: trained on {@code --ngram-train}, scored on the held-out data
 * the same way the model is (replies only for chat pairs; every token for a corpus, each document ending in the
 * end-of-turn token).
 */
final class NgramBaselines {

    private NgramBaselines() {
    }

    static void print(Tokenizer tokenizer, Path train, Texts.HeldOut heldOut, List<Integer> orders) throws IOException {
        if (train == null) {
            throw new IOException("--ngram needs --ngram-train, the data the baselines learn from");
        }
        List<int[]> trainSequences = new ArrayList<>();
        List<int[]> heldOutSequences = new ArrayList<>();
        List<boolean[]> masks = new ArrayList<>();
        if (heldOut.isPairs()) {
            ChatTemplate template = new ChatTemplate(tokenizer);
            for (Example example : Texts.pairs(train)) {
                trainSequences.add(template.encode(example).tokens());
            }
            for (Example example : heldOut.pairs()) {
                ChatTemplate.Encoded encoded = template.encode(example);
                heldOutSequences.add(encoded.tokens());
                masks.add(encoded.lossMask());
            }
        } else {
            for (String document : Texts.documents(List.of(train))) {
                trainSequences.add(withEnd(tokenizer.encode(document), tokenizer.endToken()));
            }
            for (String document : heldOut.documents()) {
                int[] tokens = withEnd(tokenizer.encode(document), tokenizer.endToken());
                heldOutSequences.add(tokens);
                boolean[] all = new boolean[tokens.length];
                java.util.Arrays.fill(all, true);
                masks.add(all);
            }
        }
        Long characters = heldOut.characters();
        for (int order : orders) {
            long start = System.nanoTime();
            KneserNeyModel ngram = KneserNeyModel.train(trainSequences, order, tokenizer.vocabSize());
            Score score = ngram.score(heldOutSequences, masks);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-22s loss %.4f | perplexity %8.3f%s  (%,d n-grams, %,d tokens, %.1f s)%n",
                    "Kneser-Ney " + order + "-gram", score.natsPerToken(), score.perplexity(),
                    characters == null ? "" : String.format(" | %.4f nats/char", score.natsPerChar(characters)),
                    ngram.ngramCount(), score.tokens(), seconds);
        }
    }

    private static int[] withEnd(int[] tokens, int end) {
        int[] out = java.util.Arrays.copyOf(tokens, tokens.length + 1);
        out[tokens.length] = end;
        return out;
    }
}
