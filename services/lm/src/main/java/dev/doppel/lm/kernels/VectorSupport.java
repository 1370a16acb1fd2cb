package dev.doppel.lm.kernels;

/**
 * Loads {@code VectorKernels} reflectively, and only when the module is in the boot layer: linking a class
 * that names {@code jdk.incubator.vector} types fails in a JVM started without the module.
 */
final class VectorSupport {

    static final Kernels INSTANCE = load();

    private VectorSupport() {
    }

    private static Kernels load() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (Kernels) Class.forName("dev.doppel.lm.kernels.VectorKernels").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jdk.incubator.vector is present but VectorKernels cannot be created", e);
        }
    }
}
