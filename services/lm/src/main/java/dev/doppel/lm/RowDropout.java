package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.doppel.lm.cpu.DropoutMasks;
import java.util.SplittableRandom;

/**
 * Dropout masks drawn per batch row: row {@code r} of a micro-batch draws from its own stream, seeded by the
 * micro-batch's seed, the row's index in the whole micro-batch and the dropout site (the n-th mask of the forward
 * pass). A row therefore draws the same masks whichever thread trains it and whichever rows share that thread's
 * slice, so splitting a batch over workers changes no mask; and since the seed is a function of (run seed, step,
 * micro-batch), a resumed run draws what the uninterrupted one would have.
 *
 * <p>Each element draws 16 bits and is dropped when they fall under {@code round(p * 65536)}: the rate is
 * {@code p} to within 2^-17, and kept elements are scaled by the reciprocal of the rate actually used.
 */
final class RowDropout implements DropoutMasks {

    private final long microBatchSeed;
    private final int firstRow;
    private int site;

    /** Masks for rows {@code firstRow, firstRow + 1, ...} of the micro-batch whose seed is {@code microBatchSeed}. */
    RowDropout(long microBatchSeed, int firstRow) {
        this.microBatchSeed = microBatchSeed;
        this.firstRow = firstRow;
    }

    /** {@code x} with dropout {@code p} while training; the masks come from {@code ps}'s streams when it has them. */
    static NDArray apply(ParameterStore ps, NDArray x, float p, boolean training) {
        if (!training || p <= 0f) {
            return x;
        }
        return x.mul(keepMask(ps, x.getManager(), x.getShape(), p));
    }

    /**
     * A mask of {@code shape} (rows first) holding 0 where dropped and {@code 1 / (1 - p)} where kept. Inside the
     * trainer the rows' own streams draw it; any other training-mode forward pass draws from PyTorch's generator.
     */
    static NDArray keepMask(ParameterStore ps, NDManager manager, Shape shape, float p) {
        if (ps instanceof WorkerParameters worker && worker.dropout() != null) {
            return worker.dropout().nextMask(manager, shape, p);
        }
        return manager.randomUniform(0f, 1f, shape).gte(p).toType(DataType.FLOAT32, false).div(1f - p);
    }

    /** The next site's mask: each row's elements from that row's stream for this site. */
    NDArray nextMask(NDManager manager, Shape shape, float p) {
        int rows = (int) shape.get(0);
        int perRow = Math.toIntExact(shape.size() / rows);
        float[] values = new float[rows * perRow];
        next(values, rows, perRow, p);
        return manager.create(values, shape);
    }

    /** As {@link #nextMask}, into an array: the same draws, for the hand-written training passes. */
    @Override
    public void next(float[] into, int rows, int perRow, float p) {
        int threshold = Math.min(65535, Math.round(p * 65536f));
        float scale = 1f / (1f - threshold / 65536f);
        int thisSite = site++;
        for (int row = 0; row < rows; row++) {
            fillRow(new SplittableRandom(Trainer.mix(microBatchSeed, firstRow + row, thisSite)), into,
                    row * perRow, perRow, threshold, scale);
        }
    }

    /** Four 16-bit draws from each 64-bit value. */
    private static void fillRow(SplittableRandom random, float[] values, int from, int length, int threshold, float scale) {
        int i = 0;
        while (i < length) {
            long bits = random.nextLong();
            for (int lane = 0; lane < 4 && i < length; lane++, i++) {
                int draw = (int) (bits >>> (16 * lane)) & 0xFFFF;
                values[from + i] = draw < threshold ? 0f : scale;
            }
        }
    }
}
