package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The position-wise feed-forward network: C -> 4C -> GELU -> C. */
final class Mlp extends AbstractBlock {

    private final GptConfig config;
    private final Linear cFc;
    private final Linear cProj;

    Mlp(GptConfig config) {
        this.config = config;
        cFc = addChildBlock("c_fc", Linear.builder().setUnits(4L * config.nEmbd()).optBias(config.bias()).build());
        cProj = addChildBlock("c_proj", Linear.builder().setUnits(config.nEmbd()).optBias(config.bias()).build());
    }

    Linear cFc() {
        return cFc;
    }

    Linear cProj() {
        return cProj;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                                            // (B, T, C)
        x = Activation.gelu(cFc.forward(ps, new NDList(x), training).singletonOrThrow());  // (B, T, 4C)
        x = cProj.forward(ps, new NDList(x), training).singletonOrThrow();                // (B, T, C)
        return new NDList(RowDropout.apply(ps, x, config.dropout(), training));          // (B, T, C)
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        cFc.initialize(manager, dataType, x);
        cProj.initialize(manager, dataType, new Shape(x.get(0), x.get(1), 4L * config.nEmbd()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
