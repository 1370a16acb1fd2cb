package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Scores a model on held-out data exactly as training computes its loss: chat pairs count only reply and
 * {@code <end>} tokens (prompts are context, not targets), a corpus counts every token. Safe to call from several
 * threads on one model (per-call managers, autograd off, parameters only read).
 */
public final class Evaluator {

    static final int BATCH_SIZE = 16;

    private Evaluator() {
    }

    /** Scores chat pairs: the evaluator service's and the trainer's validation. */
    public static EvaluationResult evaluate(LanguageModel model, List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        return evaluate(model, TrainingData.chat(examples, model.tokenizer(), model.config().blockSize()), 0);
    }

    /** Scores the first {@code maxBatches} batches of 16 rows of {@code data} (0: all of it). */
    public static EvaluationResult evaluate(LanguageModel model, TrainingData data, int maxBatches) {
        double nllSum = 0;
        double correct = 0;
        double rowsCorrect = 0;
        long tokens = 0;
        int rows = 0;
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
            ParameterStore parameterStore = new ParameterStore(manager, false);
            for (TokenBatch batch : data.evaluationBatches(BATCH_SIZE, maxBatches)) {
                try (NDManager batchManager = manager.newSubManager()) {
                    NDArray logits = model.forward(parameterStore, batch.inputArray(batchManager), false); // (B, T, V)
                    NDArray targets = batch.targetArray(batchManager);                                    // (B, T)
                    NDArray mask = batch.maskArray(batchManager);                                         // (B, T)
                    nllSum += Losses.maskedNllSum(logits, targets, mask).getFloat();
                    NDArray predicted = logits.argMax(2);                                                 // (B, T)
                    correct += Losses.maskedCorrect(predicted, targets, mask).getFloat();
                    rowsCorrect += Losses.rowsAllCorrect(predicted, targets, mask).getFloat();
                }
                tokens += batch.targetTokens();
                rows += batch.batchSize();
            }
        }
        if (tokens == 0) {
            throw new IllegalArgumentException("the data has no target tokens to evaluate");
        }
        double loss = nllSum / tokens;
        Double sequenceAccuracy = data.rowsAreSequences() ? rowsCorrect / rows : null;
        return new EvaluationResult(rows, tokens, loss, Math.exp(loss), correct / tokens, sequenceAccuracy);
    }
}
