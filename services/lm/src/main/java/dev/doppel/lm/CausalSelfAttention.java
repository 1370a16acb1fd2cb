package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head causal self-attention over {@code x (B, T, C)}: position i attends to positions 0..i. Holds no
 * per-call state.
 */
final class CausalSelfAttention extends AbstractBlock {

    private final GptConfig config;
    private final Linear cAttn;
    private final Linear cProj;

    CausalSelfAttention(GptConfig config) {
        this.config = config;
        cAttn = addChildBlock("c_attn", Linear.builder().setUnits(3L * config.nEmbd()).optBias(config.bias()).build());
        cProj = addChildBlock("c_proj", Linear.builder().setUnits(config.nEmbd()).optBias(config.bias()).build());
    }

    Linear cAttn() {
        return cAttn;
    }

    Linear cProj() {
        return cProj;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                                            // (B, T, C)
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int nh = config.nHead();
        int hs = config.headSize();

        NDList qkv = cAttn.forward(ps, new NDList(x), training).singletonOrThrow().split(3, 2);
        NDArray q = qkv.get(0).reshape(b, t, nh, hs).transpose(0, 2, 1, 3);              // (B, nh, T, hs)
        NDArray k = qkv.get(1).reshape(b, t, nh, hs).transpose(0, 2, 1, 3);              // (B, nh, T, hs)
        NDArray v = qkv.get(2).reshape(b, t, nh, hs).transpose(0, 2, 1, 3);              // (B, nh, T, hs)

        // softmax(q k^T / sqrt(hs) + causal mask) v, attention dropout included, as one fused operator
        NDArray y = FusedAttention.causal(ps, q, k, v, config.dropout(), training);      // (B, nh, T, hs)
        y = y.transpose(0, 2, 1, 3).reshape(b, t, config.nEmbd());                      // (B, T, C)
        y = cProj.forward(ps, new NDList(y), training).singletonOrThrow();               // (B, T, C)
        return new NDList(RowDropout.apply(ps, y, config.dropout(), training));          // (B, T, C)
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        cAttn.initialize(manager, dataType, x);
        cProj.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
