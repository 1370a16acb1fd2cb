package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import dev.doppel.lm.cpu.Blas;
import dev.doppel.lm.cpu.GptShape;
import dev.doppel.lm.cpu.GptTrainingPass;
import dev.doppel.lm.cpu.ParameterSlots;
import dev.doppel.lm.cpu.PassTotals;
import dev.doppel.lm.kernels.Kernels;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's hand-written CPU passes ({@link GptTrainingPass}): one per worker, with that worker's gradients,
 * and the map between the model's DJL parameters and the passes' {@link ParameterSlots}. Used instead of DJL's
 * autograd when the model is fp32 on the CPU, MKL can be called directly ({@link Blas}) and the JVM has the Vector
 * API; the environment variable {@value #SETTING} set to {@code djl} keeps autograd (e.g. to compare the two).
 */
final class CpuTrainingPasses {

    /** The environment variable that chooses the CPU training passes: {@code hand-written} (default) or {@code djl}. */
    static final String SETTING = "DOPPEL_CPU_TRAINING_PASSES";

    private static final Logger LOG = LoggerFactory.getLogger(CpuTrainingPasses.class);

    private final int chunkRows;                    // rows per pass: a worker's slice goes in chunks of at most this
    private final Parameter[] parameters;           // by slot
    private final FloatBuffer[] weights;            // by slot: views of the parameters' tensors, taken each step
    private final int[] slotsInOptimizerOrder;      // the slot of each trainable parameter, in namedParameters order
    private final GptTrainingPass[] passes;
    private final float[][][] gradients;            // [worker][slot]

    private CpuTrainingPasses(LanguageModel model, GptShape shape, int workers, int chunkRows) {
        this.chunkRows = chunkRows;
        Map<Parameter, Integer> slotOf = new HashMap<>();
        this.parameters = new Parameter[ParameterSlots.count(shape.layers())];
        this.weights = new FloatBuffer[parameters.length];
        for (GptBlock.Gpt2Parameter named : model.gpt2Parameters()) {
            int slot = slotOf(named.name());
            if (ParameterSlots.size(shape, slot) == 0 || !named.parameter().requiresGradient()) {
                continue; // the LayerNorm shifts of a model without bias exist but take no part
            }
            slotOf.put(named.parameter(), slot);
            parameters[slot] = named.parameter();
        }
        List<Integer> order = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : model.namedParameters()) {
            if (entry.getValue().requiresGradient()) {
                Integer slot = slotOf.get(entry.getValue());
                if (slot == null) {
                    throw new IllegalStateException("parameter " + entry.getKey() + " trains but has no GPT-2 name");
                }
                order.add(slot);
            }
        }
        this.slotsInOptimizerOrder = order.stream().mapToInt(Integer::intValue).toArray();
        this.passes = new GptTrainingPass[workers];
        this.gradients = new float[workers][][];
        for (int w = 0; w < workers; w++) {
            passes[w] = new GptTrainingPass(shape, chunkRows);
            gradients[w] = new float[weights.length][];
            for (int slot = 0; slot < weights.length; slot++) {
                int size = ParameterSlots.size(shape, slot);
                gradients[w][slot] = size == 0 ? null : new float[size];
            }
        }
    }

    /**
     * Passes for {@code workers} workers of up to {@code rowsPerWorker} rows each, or null where they do not apply:
     * the setting says {@code djl}, the model is not fp32 on the CPU, the JVM lacks the Vector API, MKL cannot be
     * called ({@link Blas}), or not even one row's activations fit the heap's budget (below).
     */
    static CpuTrainingPasses forModel(LanguageModel model, int workers, int rowsPerWorker) {
        return forModel(model, workers, rowsPerWorker, Runtime.getRuntime().maxMemory() / 3);
    }

    /**
     * As above, with the workers' buffers together within {@code budgetBytes}: a worker passes its rows in chunks
     * as large as fit its share. (Activations are what a pass keeps; DJL's autograd keeps them in native memory,
     * these live on the Java heap, hence a third of the heap by default.)
     */
    static CpuTrainingPasses forModel(LanguageModel model, int workers, int rowsPerWorker, long budgetBytes) {
        String setting = System.getenv(SETTING);
        if (setting != null && setting.trim().toLowerCase(Locale.ROOT).equals("djl")) {
            return null;
        }
        for (Map.Entry<String, Parameter> entry : model.namedParameters()) {
            NDArray array = entry.getValue().getArray();
            if (!(array instanceof PtNDArray) || array.getDevice().isGpu() || array.getDataType() != DataType.FLOAT32) {
                return null;
            }
        }
        if (!Kernels.vectorAvailable()) {
            LOG.info("training uses DJL's autograd: the hand-written passes need the Vector API (--add-modules jdk.incubator.vector)");
            return null;
        }
        if (!Blas.available()) {
            LOG.info("training uses DJL's autograd: {}", Blas.status());
            return null;
        }
        GptShape shape = shapeOf(model.config());
        long perWorker = budgetBytes / workers;
        int rows = Math.max(1, rowsPerWorker);
        while (rows > 0 && (GptTrainingPass.bytesFor(shape, rows) > perWorker || !GptTrainingPass.arraysFit(shape, rows))) {
            rows--;
        }
        if (rows == 0) {
            LOG.info("training uses DJL's autograd: one row's activations ({} MB) exceed a worker's share of the heap budget ({} MB)",
                    GptTrainingPass.bytesFor(shape, 1) >> 20, perWorker >> 20);
            return null;
        }
        return new CpuTrainingPasses(model, shape, workers, rows);
    }

    /** What the hand-written passes need to know of a model of {@code config}. */
    static GptShape shapeOf(GptConfig config) {
        return new GptShape(config.nLayer(), config.nHead(), config.nEmbd(), config.blockSize(), config.vocabSize(),
                config.dropout(), config.bias());
    }

    /**
     * The start of a step: views of the parameters' memory as it is now (the trainer's alone during the step, but
     * a view must not outlive its tensor).
     */
    void beginStep() {
        for (int slot = 0; slot < parameters.length; slot++) {
            weights[slot] = parameters[slot] == null ? null : AdamW.view(parameters[slot].getArray());
        }
    }

    /**
     * Worker {@code worker}'s forward and backward pass over {@code rows}, as {@link WorkerParameters#forwardBackward}
     * computes it: the loss is the rows' summed cross-entropy over {@code targetCount} and {@code microBatches}.
     * The worker's gradients start from zero on the step's first micro-batch and add up over the others. The rows'
     * dropout masks come from the micro-batch's seed and their index in it ({@code firstRow} is the first's).
     */
    WorkerParameters.Pass forwardBackward(int worker, TokenBatch rows, long dropoutSeed, int firstRow, long targetCount,
                                          int microBatches, boolean firstOfStep) {
        if (firstOfStep) { // each worker zeroes its own, at the same time as the others
            for (float[] gradient : gradients[worker]) {
                if (gradient != null) {
                    Arrays.fill(gradient, 0f);
                }
            }
        }
        float scale = (float) (1.0 / ((double) Math.max(1, targetCount) * microBatches));
        double loss = 0;
        double correct = 0;
        for (int from = 0; from < rows.batchSize(); from += chunkRows) {
            TokenBatch chunk = from == 0 && rows.batchSize() <= chunkRows ? rows : rows.rows(from, Math.min(rows.batchSize(), from + chunkRows));
            // a row's masks depend on its index in the micro-batch only, so chunks draw what the whole slice would
            PassTotals totals = passes[worker].run(weights, gradients[worker], chunk.batchSize(), chunk.length(),
                    chunk.inputs(), chunk.targets(), chunk.mask(), new RowDropout(dropoutSeed, firstRow + from), scale);
            loss += totals.loss();
            correct += totals.correct();
        }
        return new WorkerParameters.Pass(loss, correct);
    }

    /** Rows per pass. */
    int chunkRows() {
        return chunkRows;
    }

    /** Worker {@code worker}'s gradients in the optimizer's order, as views of the arrays (not copies). */
    List<FloatBuffer> gradients(int worker) {
        List<FloatBuffer> views = new ArrayList<>(slotsInOptimizerOrder.length);
        for (int slot : slotsInOptimizerOrder) {
            views.add(FloatBuffer.wrap(gradients[worker][slot]));
        }
        return views;
    }

    /** The slot of a tensor by its GPT-2 name ({@code wte.weight}, {@code h.3.mlp.c_fc.bias} ...). */
    static int slotOf(String gpt2Name) {
        switch (gpt2Name) {
            case "wte.weight":
                return ParameterSlots.WTE;
            case "wpe.weight":
                return ParameterSlots.WPE;
            case "ln_f.weight":
                return ParameterSlots.LN_F_GAMMA;
            case "ln_f.bias":
                return ParameterSlots.LN_F_BETA;
            default:
                break;
        }
        String[] parts = gpt2Name.split("\\.", 3); // h, layer, rest
        if (parts.length != 3 || !parts[0].equals("h")) {
            throw new IllegalArgumentException("not a GPT-2 tensor name: " + gpt2Name);
        }
        int layer = Integer.parseInt(parts[1]);
        int which = switch (parts[2]) {
            case "ln_1.weight" -> ParameterSlots.LN1_GAMMA;
            case "ln_1.bias" -> ParameterSlots.LN1_BETA;
            case "attn.c_attn.weight" -> ParameterSlots.ATTN_WEIGHT;
            case "attn.c_attn.bias" -> ParameterSlots.ATTN_BIAS;
            case "attn.c_proj.weight" -> ParameterSlots.ATTN_PROJ_WEIGHT;
            case "attn.c_proj.bias" -> ParameterSlots.ATTN_PROJ_BIAS;
            case "ln_2.weight" -> ParameterSlots.LN2_GAMMA;
            case "ln_2.bias" -> ParameterSlots.LN2_BETA;
            case "mlp.c_fc.weight" -> ParameterSlots.FC_WEIGHT;
            case "mlp.c_fc.bias" -> ParameterSlots.FC_BIAS;
            case "mlp.c_proj.weight" -> ParameterSlots.FC_PROJ_WEIGHT;
            case "mlp.c_proj.bias" -> ParameterSlots.FC_PROJ_BIAS;
            default -> throw new IllegalArgumentException("not a GPT-2 tensor name: " + gpt2Name);
        };
        return ParameterSlots.layer(layer, which);
    }
}
