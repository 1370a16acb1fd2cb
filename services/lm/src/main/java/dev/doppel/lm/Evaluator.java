package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Scores a model on held-out pairs exactly as training does: masked mean cross-entropy over completion and
 * {@code <end>} tokens (prompts are context, not targets), perplexity {@code exp(loss)}. Safe to call from
 * several threads on one model (per-call managers, autograd off, parameters only read).
 */
public final class Evaluator {

    private static final int BATCH_SIZE = 16;

    private Evaluator() {
    }

    public static EvaluationResult evaluate(LanguageModel model, List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        Tokenizer tokenizer = model.tokenizer();
        ChatTemplate template = new ChatTemplate(tokenizer);
        double nllSum = 0;
        double correct = 0;
        long tokens = 0;
        try (Engines.NoGrad ignored = Engines.noGrad(); NDManager manager = model.manager().newSubManager()) {
            ParameterStore parameterStore = new ParameterStore(manager, false);
            for (int from = 0; from < examples.size(); from += BATCH_SIZE) {
                List<Example> chunk = examples.subList(from, Math.min(examples.size(), from + BATCH_SIZE));
                TokenBatch batch = TokenBatch.of(chunk, template, tokenizer, model.config().blockSize());
                try (NDManager batchManager = manager.newSubManager()) {
                    NDArray logits = model.forward(parameterStore, batch.inputArray(batchManager), false); // (B, T, V)
                    NDArray targets = batch.targetArray(batchManager);                                    // (B, T)
                    NDArray mask = batch.maskArray(batchManager);                                         // (B, T)
                    nllSum += Losses.maskedNllSum(logits, targets, mask).getFloat();
                    correct += Losses.maskedCorrect(logits, targets, mask).getFloat();
                }
                tokens += batch.targetTokens();
            }
        }
        double loss = nllSum / tokens;
        return new EvaluationResult(examples.size(), tokens, loss, Math.exp(loss), correct / tokens);
    }
}
