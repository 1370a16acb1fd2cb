package dev.doppel.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One training worker's view of the model's parameters for one optimizer step: each parameter as a new leaf that
 * shares the parameter's memory ({@code detach()}, no copy) and collects its own gradient. Workers training
 * different rows at the same time thus never add into one gradient, and their gradients are summed afterwards in
 * a fixed order, so the result does not depend on which thread finished first. A fresh leaf starts without a
 * gradient, so autograd hands it the first one it computes instead of adding it to zeros.
 */
final class WorkerParameters extends ParameterStore {

    private final Map<String, NDArray> leaves = new HashMap<>();
    private final List<NDArray> ordered = new ArrayList<>();
    private RowDropout dropout;

    /**
     * Leaves for every parameter of {@code model} that trains, attached to {@code manager}: closing it frees them
     * and their gradients.
     */
    WorkerParameters(LanguageModel model, NDManager manager) {
        super(manager, false);
        for (Map.Entry<String, Parameter> named : model.namedParameters()) {
            Parameter parameter = named.getValue();
            if (!parameter.requiresGradient()) {
                leaves.put(parameter.getId(), parameter.getArray()); // e.g. the unused LayerNorm shift when bias=false
                continue;
            }
            NDArray leaf = parameter.getArray().stopGradient();
            leaf.attach(manager);
            leaf.setRequiresGradient(true);
            leaves.put(parameter.getId(), leaf);
            ordered.add(leaf);
        }
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        return parameter == null ? null : leaves.get(parameter.getId());
    }

    /** What one worker's forward and backward pass over its rows adds to the step: loss and right guesses. */
    record Pass(double loss, double correct) {
    }

    /**
     * Forward and backward over {@code rows}, whose gradients add into this worker's leaves. The loss is the
     * rows' summed cross-entropy divided by {@code targetCount} (the whole micro-batch's) and by
     * {@code microBatches}, so that the workers' gradients sum to the gradient of the step's mean loss. Grad mode
     * is thread-local in PyTorch: switched on here for the calling thread and restored after.
     */
    Pass forwardBackward(LanguageModel model, TokenBatch rows, RowDropout rowDropout, long targetCount, int microBatches) {
        boolean previousGradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        this.dropout = rowDropout;
        try (NDManager pass = getManager().newSubManager()) {
            NDArray logits = model.forward(this, rows.inputArray(pass), true);                 // (b, T, V)
            NDArray targets = rows.targetArray(pass);                                          // (b, T)
            NDArray mask = rows.maskArray(pass);                                               // (b, T)
            NDArray loss = Losses.maskedMean(logits, targets, mask, Math.max(1, targetCount))
                    .div((float) microBatches);                                                // ()
            JniUtils.backward((PtNDArray) loss, (PtNDArray) pass.ones(loss.getShape()), false, false);
            try (Engines.NoGrad ignored = Engines.noGrad()) {
                return new Pass(loss.getFloat(), Losses.maskedCorrect(logits.argMax(2), targets, mask).getFloat());
            }
        } finally {
            this.dropout = null;
            JniUtils.setGradMode(previousGradMode);
        }
    }

    RowDropout dropout() {
        return dropout;
    }

    /** The gradients collected so far, in {@link LanguageModel#namedParameters()} order, of the parameters that train. */
    List<NDArray> gradients() {
        List<NDArray> gradients = new ArrayList<>(ordered.size());
        for (NDArray leaf : ordered) {
            gradients.add(leaf.getGradient());
        }
        return gradients;
    }
}
