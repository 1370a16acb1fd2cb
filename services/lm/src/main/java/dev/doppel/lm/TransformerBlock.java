package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Pre-LayerNorm transformer block over {@code x (B, T, C)}. */
final class TransformerBlock extends AbstractBlock {

    private final LayerNorm ln1;
    private final CausalSelfAttention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;

    TransformerBlock(GptConfig config) {
        ln1 = addChildBlock("ln_1", GptBlock.layerNorm(config));
        attn = addChildBlock("attn", new CausalSelfAttention(config));
        ln2 = addChildBlock("ln_2", GptBlock.layerNorm(config));
        mlp = addChildBlock("mlp", new Mlp(config));
    }

    LayerNorm ln1() {
        return ln1;
    }

    CausalSelfAttention attn() {
        return attn;
    }

    LayerNorm ln2() {
        return ln2;
    }

    Mlp mlp() {
        return mlp;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                                            // (B, T, C)
        NDArray h = ln1.forward(ps, new NDList(x), training).singletonOrThrow();         // (B, T, C)
        x = x.add(attn.forward(ps, new NDList(h), training).singletonOrThrow());         // (B, T, C)
        h = ln2.forward(ps, new NDList(x), training).singletonOrThrow();                 // (B, T, C)
        x = x.add(mlp.forward(ps, new NDList(h), training).singletonOrThrow());          // (B, T, C)
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        ln1.initialize(manager, dataType, x);
        attn.initialize(manager, dataType, x);
        ln2.initialize(manager, dataType, x);
        mlp.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
