package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * nanoGPT as a DJL block: token and position embeddings, {@code nLayer} pre-LN transformer blocks, a final
 * LayerNorm and an LM head tied to the token embedding. Input: token ids {@code (B, T)} int64; output: logits
 * {@code (B, T, V)}. The child and parameter names below are the checkpoint format: never rename them.
 *
 * <p>Every result is created from the input's manager (never from a parameter's), so callers that run
 * forward in a sub-manager leak nothing into the model's manager.
 */
final class GptBlock extends AbstractBlock {

    private final GptConfig config;
    private final Parameter wte;
    private final Parameter wpe;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm lnF;

    GptBlock(GptConfig config) {
        this.config = config;
        wte = addParameter(embeddingParameter("wte", config.vocabSize()));
        wpe = addParameter(embeddingParameter("wpe", config.blockSize()));
        for (int i = 0; i < config.nLayer(); i++) {
            blocks.add(addChildBlock("h" + i, new TransformerBlock(config)));
        }
        lnF = addChildBlock("ln_f", layerNorm(config));
    }

    static LayerNorm layerNorm(GptConfig config) {
        // axis(2): DJL's default normalizes over every axis but the batch; nanoGPT normalizes over C only.
        return LayerNorm.builder().axis(2).optCenter(config.bias()).optEpsilon(1e-5f).build();
    }

    private Parameter embeddingParameter(String name, int rows) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, config.nEmbd()))
                .optInitializer(new NormalInitializer(0.02f))
                .optRequiresGrad(true)
                .build();
    }

    /**
     * One parameter under its Hugging Face GPT-2 name ({@code h.0.attn.c_attn.weight}, without the
     * {@code transformer.} prefix). GPT-2 stores linear weights as Conv1D, {@code (in, out)}; DJL's Linear
     * stores {@code (out, in)}: {@code transposed} marks the ones whose layouts differ.
     */
    record Gpt2Parameter(String name, Parameter parameter, boolean transposed) {
    }

    /** Every parameter in GPT-2's order and naming. LayerNorm: gamma is {@code weight}, beta is {@code bias}. */
    List<Gpt2Parameter> gpt2Parameters() {
        List<Gpt2Parameter> named = new ArrayList<>();
        named.add(new Gpt2Parameter("wte.weight", wte, false));
        named.add(new Gpt2Parameter("wpe.weight", wpe, false));
        for (int i = 0; i < blocks.size(); i++) {
            TransformerBlock block = blocks.get(i);
            String prefix = "h." + i + ".";
            addLayerNorm(named, prefix + "ln_1", block.ln1());
            addLinear(named, prefix + "attn.c_attn", block.attn().cAttn());
            addLinear(named, prefix + "attn.c_proj", block.attn().cProj());
            addLayerNorm(named, prefix + "ln_2", block.ln2());
            addLinear(named, prefix + "mlp.c_fc", block.mlp().cFc());
            addLinear(named, prefix + "mlp.c_proj", block.mlp().cProj());
        }
        addLayerNorm(named, "ln_f", lnF);
        return named;
    }

    private static void addLayerNorm(List<Gpt2Parameter> named, String prefix, LayerNorm norm) {
        named.add(new Gpt2Parameter(prefix + ".weight", norm.getParameters().get("gamma"), false));
        named.add(new Gpt2Parameter(prefix + ".bias", norm.getParameters().get("beta"), false));
    }

    private static void addLinear(List<Gpt2Parameter> named, String prefix, Linear linear) {
        named.add(new Gpt2Parameter(prefix + ".weight", linear.getParameters().get("weight"), true));
        Parameter bias = linear.getParameters().get("bias");
        if (bias != null) {
            named.add(new Gpt2Parameter(prefix + ".bias", bias, false));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray idx = inputs.singletonOrThrow();                                          // (B, T)
        long t = idx.getShape().get(1);
        if (t > config.blockSize()) {
            throw new IllegalArgumentException("sequence of " + t + " tokens exceeds blockSize " + config.blockSize());
        }
        NDManager manager = idx.getManager();
        NDArray tokenTable = ps.getValue(wte, idx.getDevice(), training);                // (V, C)
        NDArray positionTable = ps.getValue(wpe, idx.getDevice(), training);             // (blockSize, C)
        NDArray positions = manager.arange(0, (int) t).toType(DataType.INT64, false);     // (T)

        NDArray tok = Embedding.embedding(idx, tokenTable, SparseFormat.DENSE).singletonOrThrow();        // (B, T, C)
        NDArray pos = Embedding.embedding(positions, positionTable, SparseFormat.DENSE).singletonOrThrow(); // (T, C)
        NDArray x = tok.add(pos);                                                         // (B, T, C)
        x = RowDropout.apply(ps, x, config.dropout(), training);                         // (B, T, C)
        for (TransformerBlock block : blocks) {
            x = block.forward(ps, new NDList(x), training).singletonOrThrow();            // (B, T, C)
        }
        x = lnF.forward(ps, new NDList(x), training).singletonOrThrow();                 // (B, T, C)
        // Tied head: Linear.linear computes x @ wte^T, and its result belongs to x's manager.
        return Linear.linear(x, tokenTable);                                             // (B, T, V)
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        long t = inputShapes[0].get(1);
        Shape x = new Shape(b, t, config.nEmbd());
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, x);
        }
        lnF.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.vocabSize())};
    }
}
