/*
 * Lets Intel MKL, linked into DJL's libtorch, use its AVX-512 matrix kernels on non-Intel CPUs that have AVX-512.
 *
 * Why: MKL picks its code path by CPU vendor first. On AMD it runs its AVX2 "zen" sgemm kernels, even on Zen 4/5
 * cores whose 512-bit FMA units do twice the work per cycle (on the bench machine: 190 GFLOP/s of sgemm against
 * 440 with the AVX-512 kernels, and about 1.8x the training throughput). MKL asks mkl_serv_intel_cpu_true() whether
 * the CPU is Intel's; libtorch_cpu.so exports that function and calls it through its PLT, so a definition that the
 * dynamic linker finds first, in the global scope, answers instead. MKL still checks the CPU's feature flags
 * before picking a kernel, so this only changes which vendor it believes in, never which instructions exist.
 *
 * The JVM loads JNI libraries into a local scope (dlopen with RTLD_LAZY), where libtorch would not see this
 * definition; makeGlobal() reopens the library with RTLD_GLOBAL. It must run before MKL first asks, that is,
 * before libtorch runs its first matrix product (dev.doppel.lm.MklDispatch does it before loading the engine).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>

/* How often MKL has asked: more than zero proves that MKL's calls reach this definition. */
static volatile jlong consultations;

/* MKL's question: is this CPU Intel's? */
int mkl_serv_intel_cpu_true(void) {
    __atomic_add_fetch(&consultations, 1, __ATOMIC_RELAXED);
    return 1;
}

/* Reopens this already loaded library with RTLD_GLOBAL; true when that worked. */
JNIEXPORT jboolean JNICALL Java_dev_doppel_lm_MklDispatch_makeGlobal(JNIEnv *env, jclass type) {
    Dl_info self;
    if (!dladdr((void *) &mkl_serv_intel_cpu_true, &self) || self.dli_fname == NULL) {
        return JNI_FALSE;
    }
    return dlopen(self.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD) != NULL ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jlong JNICALL Java_dev_doppel_lm_MklDispatch_consultations(JNIEnv *env, jclass type) {
    return __atomic_load_n(&consultations, __ATOMIC_RELAXED);
}
