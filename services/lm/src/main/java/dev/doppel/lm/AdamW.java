package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import dev.doppel.lm.kernels.AdamWUpdate;
import dev.doppel.lm.kernels.Team;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW written out by hand (betas 0.9 / 0.95 as in nanoGPT): DJL's optimizers have no parameter groups, and
 * decoupled weight decay must skip biases, LayerNorms and the embeddings. Moments live in the state manager
 * the caller owns; every temporary lives in the per-step manager passed to each call.
 *
 * <p>On the CPU the global norm and the update run as fused Java passes over the tensors' own memory
 * ({@link AdamWUpdate}, split across a {@link Team}): as tensor operations they were about 15 native calls
 * and 15 memory passes per parameter, a tenth of a small model's training step. On a GPU they stay tensor
 * operations.
 */
final class AdamW implements AutoCloseable {

    /** Floats per part of the fused passes: large enough that handing a part to a thread is cheap. */
    private static final int PART = 1 << 16;

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.95f;
    private static final float EPSILON = 1e-8f;

    private record Slot(String name, Parameter parameter, NDArray mean, NDArray variance, boolean decays) {
    }

    /** Elements {@code [from, to)} of slot {@code slot}: one part of a fused pass. */
    private record Range(int slot, int from, int to) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private final float weightDecay;
    private final List<Range> ranges = new ArrayList<>();
    private final Team team; // null when the tensors are not fp32 on the CPU: then tensor operations
    private final boolean ownsTeam;
    private int updates;

    /**
     * {@code fuseOnCpu} false keeps the tensor operations on the CPU too: the reference the fused passes are tested
     * against. {@code sharedTeam} runs the fused passes when given (the trainer's workers; not closed here),
     * else the optimizer makes a team of its own.
     */
    AdamW(LanguageModel model, float weightDecay, NDManager stateManager, boolean fuseOnCpu, Team sharedTeam) {
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
        boolean cpu = fuseOnCpu && slots.stream().allMatch(slot -> slot.parameter().getArray() instanceof PtNDArray array
                && !array.getDevice().isGpu() && array.getDataType() == DataType.FLOAT32);
        if (cpu) {
            for (int i = 0; i < slots.size(); i++) {
                int size = Math.toIntExact(slots.get(i).mean().size());
                for (int from = 0; from < size; from += PART) {
                    ranges.add(new Range(i, from, Math.min(size, from + PART)));
                }
            }
        }
        this.ownsTeam = cpu && sharedTeam == null;
        this.team = !cpu ? null : sharedTeam != null ? sharedTeam : new Team(Math.min(8, Runtime.getRuntime().availableProcessors()), "adamw");
    }

    /** Only the matrices of linear layers decay; embeddings, biases and LayerNorm gains/shifts do not. */
    static boolean decays(String name, Parameter parameter) {
        return parameter.getType() == Parameter.Type.WEIGHT && !name.endsWith("wte") && !name.endsWith("wpe");
    }

    /**
     * Adds the other workers' gradients into the first worker's, in worker order, and returns the L2 norm of the
     * sums over all parameters together: one fused pass over CPU memory, tensor operations elsewhere. The first
     * list then holds the step's gradients.
     */
    double sumAndNorm(List<List<NDArray>> workerGradients) {
        List<NDArray> sums = workerGradients.get(0);
        List<List<NDArray>> others = workerGradients.subList(1, workerGradients.size());
        if (team == null) {
            try (Engines.NoGrad ignored = Engines.noGrad()) {
                for (List<NDArray> other : others) {
                    for (int i = 0; i < sums.size(); i++) {
                        sums.get(i).addi(other.get(i));
                    }
                }
            }
            return tensorGlobalNorm(sums);
        }
        return sumAndNormOfViews(views(sums), others.stream().map(AdamW::views).toArray(FloatBuffer[][]::new));
    }

    /**
     * As {@link #sumAndNorm}, for gradients held as CPU memory (e.g. the hand-written passes' arrays): the other
     * workers' are added into the first worker's, which then holds the step's gradients.
     */
    double sumAndNormOfBuffers(List<List<FloatBuffer>> workerGradients) {
        requireFused();
        FloatBuffer[] target = workerGradients.get(0).toArray(FloatBuffer[]::new);
        FloatBuffer[][] sources = workerGradients.subList(1, workerGradients.size()).stream()
                .map(list -> list.toArray(FloatBuffer[]::new)).toArray(FloatBuffer[][]::new);
        return sumAndNormOfViews(target, sources);
    }

    private double sumAndNormOfViews(FloatBuffer[] target, FloatBuffer[][] sources) {
        double[] partials = new double[ranges.size()];
        team.run((part, parts) -> {
            Range range = ranges.get(part);
            FloatBuffer[] added = new FloatBuffer[sources.length];
            for (int w = 0; w < sources.length; w++) {
                added[w] = sources[w][range.slot()];
            }
            partials[part] = AdamWUpdate.addAndSumOfSquares(target[range.slot()], added, range.from(), range.to());
        }, partials.length);
        double sumOfSquares = 0;
        for (double partial : partials) { // in part order, so the norm does not depend on which thread ran what
            sumOfSquares += partial;
        }
        return Math.sqrt(sumOfSquares);
    }

    private void requireFused() {
        if (team == null) {
            throw new IllegalStateException("gradients in CPU memory need the fused CPU optimizer");
        }
    }

    private static double tensorGlobalNorm(List<NDArray> gradients) {
        NDArray sumOfSquares = null;
        for (NDArray gradient : gradients) {
            NDArray squares = gradient.square().sum();                                   // ()
            sumOfSquares = sumOfSquares == null ? squares : sumOfSquares.add(squares);   // ()
        }
        return sumOfSquares == null ? 0.0 : Math.sqrt(sumOfSquares.getFloat());
    }

    /**
     * One update with the given learning rate, each gradient multiplied by {@code gradScale} first (global-norm
     * clipping; 1 for none). Call with autograd off ({@link Engines#noGrad()}).
     */
    void step(List<NDArray> gradients, double learningRate, float gradScale, NDManager stepManager) {
        updates++;
        AdamWUpdate.Step constants = constants(learningRate, gradScale);
        if (team == null) {
            tensorStep(gradients, constants, stepManager);
            return;
        }
        fusedStep(views(gradients), constants);
    }

    /** As {@link #step}, for gradients held as CPU memory, in the order of {@link #sumAndNormOfBuffers}. */
    void stepWithBuffers(List<FloatBuffer> gradients, double learningRate, float gradScale) {
        requireFused();
        updates++;
        fusedStep(gradients.toArray(FloatBuffer[]::new), constants(learningRate, gradScale));
    }

    private AdamWUpdate.Step constants(double learningRate, float gradScale) {
        return new AdamWUpdate.Step((float) learningRate, BETA1, BETA2, EPSILON,
                (float) (1 - Math.pow(BETA1, updates)), (float) (1 - Math.pow(BETA2, updates)), gradScale);
    }

    private void fusedStep(FloatBuffer[] g, AdamWUpdate.Step constants) {
        FloatBuffer[] w = views(slots.stream().map(slot -> slot.parameter().getArray()).toList());
        FloatBuffer[] m = views(slots.stream().map(Slot::mean).toList());
        FloatBuffer[] v = views(slots.stream().map(Slot::variance).toList());
        team.run((part, parts) -> {
            Range range = ranges.get(part);
            int i = range.slot();
            AdamWUpdate.apply(w[i], g[i], m[i], v[i], range.from(), range.to(), decayOf(slots.get(i)), constants);
        }, ranges.size());
    }

    /**
     * The memory of each CPU tensor, not a copy: contiguous tensors (parameters, their gradients and the moments
     * are) give a direct view. Taken anew every step, so a view never outlives what its tensor holds.
     */
    private static FloatBuffer[] views(List<NDArray> arrays) {
        FloatBuffer[] views = new FloatBuffer[arrays.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = view(arrays.get(i));
        }
        return views;
    }

    /** The memory of one contiguous fp32 CPU tensor, as a float view (not a copy); see {@link #views}. */
    static FloatBuffer view(NDArray array) {
        return ((PtNDArray) array).toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private float decayOf(Slot slot) {
        return slot.decays() ? weightDecay : 0f;
    }

    /** The same update as {@link AdamWUpdate#apply}, as tensor operations: for parameters on a GPU. */
    private void tensorStep(List<NDArray> gradients, AdamWUpdate.Step c, NDManager stepManager) {
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            NDArray g = gradients.get(i);
            NDArray w = slot.parameter().getArray();
            // Temporaries take the manager of their first operand: borrow w, m, v into the step manager.
            w.tempAttach(stepManager);
            slot.mean().tempAttach(stepManager);
            slot.variance().tempAttach(stepManager);
            if (c.gradScale() != 1f) {
                g = g.mul(c.gradScale());
            }
            if (decayOf(slot) > 0f) {
                w.muli(1f - c.learningRate() * weightDecay);
            }
            slot.mean().muli(BETA1).addi(g.mul(1f - BETA1));
            slot.variance().muli(BETA2).addi(g.square().muli(1f - BETA2));
            NDArray denominator = slot.variance().div(c.correction2()).sqrt().addi(EPSILON);
            w.subi(slot.mean().div(c.correction1()).divi(denominator).muli(c.learningRate()));
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

    @Override
    public void close() {
        if (ownsTeam) {
            team.close();
        }
    }
}
