package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW written out by hand (betas 0.9 / 0.95 as in nanoGPT): DJL's optimizers have no parameter groups, and
 * decoupled weight decay must skip biases, LayerNorms and the embeddings. Moments live in the state manager
 * the caller owns; every temporary lives in the per-step manager passed to each call.
 */
final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.95f;
    private static final float EPSILON = 1e-8f;

    private record Slot(String name, Parameter parameter, NDArray mean, NDArray variance, boolean decays) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private final float weightDecay;
    private int updates;

    AdamW(LanguageModel model, float weightDecay, NDManager stateManager) {
        this.weightDecay = weightDecay;
        for (Map.Entry<String, Parameter> entry : model.namedParameters()) {
            Parameter parameter = entry.getValue();
            if (!parameter.requiresGradient()) {
                continue; // e.g. the unused LayerNorm shift when bias=false
            }
            NDArray weight = parameter.getArray();
            slots.add(new Slot(entry.getKey(), parameter,
                    stateManager.zeros(weight.getShape(), weight.getDataType()),
                    stateManager.zeros(weight.getShape(), weight.getDataType()),
                    decays(entry.getKey(), parameter)));
        }
    }

    /** Only the matrices of linear layers decay; embeddings, biases and LayerNorm gains/shifts do not. */
    static boolean decays(String name, Parameter parameter) {
        return parameter.getType() == Parameter.Type.WEIGHT && !name.endsWith("wte") && !name.endsWith("wpe");
    }

    /** The gradient of each parameter, in slot order, attached to the step manager. */
    List<NDArray> gradients(NDManager stepManager) {
        List<NDArray> gradients = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            NDArray gradient = slot.parameter().getArray().getGradient();
            gradient.attach(stepManager); // getGradient() returns a new handle in the parameter's manager
            gradients.add(gradient);
        }
        return gradients;
    }

    /** L2 norm over all gradients together. */
    static double globalNorm(List<NDArray> gradients) {
        NDArray sumOfSquares = null;
        for (NDArray gradient : gradients) {
            NDArray squares = gradient.square().sum();                                   // ()
            sumOfSquares = sumOfSquares == null ? squares : sumOfSquares.add(squares);   // ()
        }
        return sumOfSquares == null ? 0.0 : Math.sqrt(sumOfSquares.getFloat());
    }

    /** Scales gradients in place (the parameters' own gradient storage). */
    static void scale(List<NDArray> gradients, float factor) {
        for (NDArray gradient : gradients) {
            gradient.muli(factor);
        }
    }

    /** One update with the given learning rate; call with autograd off ({@link Engines#noGrad()}). */
    void step(List<NDArray> gradients, double learningRate, NDManager stepManager) {
        updates++;
        float lr = (float) learningRate;
        float biasCorrection1 = (float) (1 - Math.pow(BETA1, updates));
        float biasCorrection2 = (float) (1 - Math.pow(BETA2, updates));
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            NDArray g = gradients.get(i);
            NDArray w = slot.parameter().getArray();
            // Temporaries take the manager of their first operand: borrow w, m, v into the step manager.
            w.tempAttach(stepManager);
            slot.mean().tempAttach(stepManager);
            slot.variance().tempAttach(stepManager);
            if (slot.decays() && weightDecay > 0f) {
                w.muli(1f - lr * weightDecay);
            }
            slot.mean().muli(BETA1).addi(g.mul(1f - BETA1));
            slot.variance().muli(BETA2).addi(g.square().muli(1f - BETA2));
            NDArray denominator = slot.variance().div(biasCorrection2).sqrt().addi(EPSILON);
            w.subi(slot.mean().div(biasCorrection1).divi(denominator).muli(lr));
        }
    }

    /** Optimizer steps applied so far: the exponent of the bias corrections. */
    int updates() {
        return updates;
    }

    /** Both moments of every parameter, named {@code m.<parameter>} and {@code v.<parameter>}, for a checkpoint. */
    byte[] encodeState() {
        NDList state = new NDList();
        for (Slot slot : slots) {
            NDArray mean = slot.mean().duplicate();
            mean.setName("m." + slot.name());
            NDArray variance = slot.variance().duplicate();
            variance.setName("v." + slot.name());
            state.add(mean);
            state.add(variance);
        }
        try {
            return state.encode();
        } finally {
            state.close();
        }
    }

    /** Restores what {@link #encodeState} wrote; every parameter's moments must be there with the same shape. */
    void restoreState(byte[] encoded, int restoredUpdates, NDManager scratch) {
        NDList state = NDList.decode(scratch, encoded);
        java.util.Map<String, NDArray> byName = new java.util.HashMap<>();
        for (NDArray array : state) {
            byName.put(array.getName(), array);
        }
        for (Slot slot : slots) {
            copyInto(slot.mean(), byName.get("m." + slot.name()), "m." + slot.name());
            copyInto(slot.variance(), byName.get("v." + slot.name()), "v." + slot.name());
        }
        this.updates = restoredUpdates;
    }

    private static void copyInto(NDArray target, NDArray source, String name) {
        if (source == null || !source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("optimizer state " + name + " is missing or has another shape");
        }
        target.set(source.toFloatArray());
    }

    /** Sets every gradient to zero, NaN and infinity included (multiplying by zero would keep them). */
    void zeroGradients() {
        for (Slot slot : slots) {
            JniUtils.zeroGrad((PtNDArray) slot.parameter().getArray());
        }
    }
}
