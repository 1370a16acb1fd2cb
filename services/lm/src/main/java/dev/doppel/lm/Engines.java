package dev.doppel.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/** The PyTorch engine: loading it once, and switching autograd off for inference. */
public final class Engines {

    public static final String PYTORCH = "PyTorch";

    /**
     * Guards the engine's process-wide state: DJL's one gradient collector and PyTorch's global random
     * generator (dropout masks, DJL's parameter initializers). Fair, so concurrent trainings take turns.
     */
    static final java.util.concurrent.locks.ReentrantLock GLOBAL_STATE = new java.util.concurrent.locks.ReentrantLock(true);

    private Engines() {
    }

    /**
     * The PyTorch engine, loaded on first use. Get it here rather than from {@code Engine.getEngine}: this first lets
     * MKL use its AVX-512 kernels where it would not ({@link MklDispatch}), which must happen before libtorch's first
     * matrix product.
     */
    public static Engine pytorch() {
        MklDispatch.prepare();
        return Engine.getEngine(PYTORCH);
    }

    /**
     * Loads the PyTorch engine and runs one tiny operation, so that the first request does not pay for
     * unpacking and loading the native library (0.4 to 1.8 s). Idempotent; call it from a worker thread.
     */
    public static void warmUp() {
        try (NDManager manager = pytorch().newBaseManager()) {
            manager.ones(new Shape(2, 2)).matMul(manager.ones(new Shape(2, 2))).getFloat(0, 0);
        }
    }

    /**
     * Turns autograd off on the calling thread until closed, then restores the previous mode. PyTorch's grad
     * mode is thread-local: DJL switches it off only on the thread that loaded the engine, so on an HTTP worker
     * thread it is on. Inference and the optimizer's in-place updates of leaf parameters run inside this.
     */
    static NoGrad noGrad() {
        pytorch();
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return () -> JniUtils.setGradMode(previous);
    }

    /** Restores the previous grad mode. */
    interface NoGrad extends AutoCloseable {
        @Override
        void close();
    }
}
