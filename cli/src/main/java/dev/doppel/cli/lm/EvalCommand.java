package dev.doppel.cli.lm;

import dev.doppel.lm.EvaluationResult;
import dev.doppel.lm.Evaluator;
import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Scores a checkpoint on held-out data (loss, perplexity, token and sequence accuracy, nats per character) "
                + "beside Kneser-Ney n-gram baselines trained on the same tokens.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "CHECKPOINT", description = "The checkpoint to score; without it, only the baselines.")
    Path model;

    @Option(names = "--tokenizer", defaultValue = "byte", paramLabel = "byte|DIR",
            description = "Without --model: the tokens the baselines count (default ${DEFAULT-VALUE}).")
    String tokenizer;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Prompt/completion JSONL (scores replies) or a corpus (.jsonl of {\"text\"} or plain text).")
    Path data;

    @Option(names = "--max-batches", defaultValue = "0", description = "Batches of 16 rows to score, 0 all (default ${DEFAULT-VALUE}).")
    int maxBatches;

    @Option(names = "--ngram", split = ",", paramLabel = "ORDER", description = "Kneser-Ney baselines of these orders, e.g. 5,7.")
    List<Integer> ngramOrders = List.of();

    @Option(names = "--ngram-train", paramLabel = "FILE", description = "What the n-gram baselines learn from (same format as --data).")
    Path ngramTrain;

    @Override
    public Integer call() throws Exception {
        Texts.HeldOut heldOutText = Texts.HeldOut.read(data);
        Long characters = heldOutText.characters();
        if (model == null) {
            NgramBaselines.print(TokenizerChoice.resolve(tokenizer), ngramTrain, heldOutText, ngramOrders);
            return 0;
        }
        try (LanguageModel m = LanguageModel.load(model)) {
            int blockSize = m.config().blockSize();
            TrainingData heldOut = heldOutText.isPairs()
                    ? TrainingData.chat(heldOutText.pairs(), m.tokenizer(), blockSize)
                    : TrainingData.corpus(heldOutText.documents(), m.tokenizer(), blockSize);
            long start = System.nanoTime();
            EvaluationResult result = Evaluator.evaluate(m, heldOut, maxBatches);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-22s loss %.4f | perplexity %8.3f | token accuracy %.4f%s%s  (%d rows, %,d tokens, %.1f s)%n",
                    "GPT " + m.config().nLayer() + "L d=" + m.config().nEmbd(), result.loss(), result.perplexity(),
                    result.tokenAccuracy(),
                    result.sequenceAccuracy() == null ? "" : String.format(" | sequence accuracy %.4f", result.sequenceAccuracy()),
                    characters == null || maxBatches > 0 ? "" : String.format(" | %.4f nats/char", result.loss() * result.tokens() / characters),
                    result.examples(), result.tokens(), seconds);
            if (!ngramOrders.isEmpty()) {
                NgramBaselines.print(m.tokenizer(), ngramTrain, heldOutText, ngramOrders);
            }
        }
        return 0;
    }
}
