/*
 * Calls the MKL inside DJL's libtorch for one fp32 matrix product, straight from Java (dev.doppel.lm.cpu.Blas).
 *
 * Why: the hand-written CPU training step multiplies small matrices thousands of times a step; through DJL each
 * product is a tensor, a JNI call into libtorch and autograd bookkeeping. libtorch_cpu.so exports MKL's Fortran
 * sgemm_ (it does not export cblas_sgemm), so this library looks that symbol up once (bind) and calls it with the
 * Java arrays pinned in place: no copies, no tensors.
 *
 * The arguments are sgemm_'s, column-major; Blas has already checked every dimension, offset and leading dimension
 * against the arrays' lengths, and maps its row-major API onto this one.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <stddef.h>

/* MKL's Fortran interface (LP64, as libtorch links it): every argument by pointer. */
typedef void (*sgemm_function)(const char *transa, const char *transb, const int *m, const int *n, const int *k,
                               const float *alpha, const float *a, const int *lda, const float *b, const int *ldb,
                               const float *beta, float *c, const int *ldc);

/* Set once by bind, before any product (Blas publishes the binding only after bind returned). */
static sgemm_function sgemm;

/* Finds sgemm_ in the already loaded libtorch_cpu.so at the given path; NULL on success, else why not. */
JNIEXPORT jstring JNICALL Java_dev_doppel_lm_cpu_Blas_bind(JNIEnv *env, jclass type, jstring libtorch_cpu_path) {
    const char *path = (*env)->GetStringUTFChars(env, libtorch_cpu_path, NULL);
    if (path == NULL) {
        return NULL; /* out of memory, pending */
    }
    dlerror();
    /* NOLOAD: only the libtorch that DJL loaded, never a second copy; the handle is kept, so libtorch stays. */
    void *library = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    (*env)->ReleaseStringUTFChars(env, libtorch_cpu_path, path);
    if (library == NULL) {
        const char *error = dlerror();
        return (*env)->NewStringUTF(env, error != NULL ? error : "dlopen: libtorch_cpu.so is not loaded");
    }
    void *symbol = dlsym(library, "sgemm_");
    if (symbol == NULL) {
        const char *error = dlerror();
        return (*env)->NewStringUTF(env, error != NULL ? error : "dlsym: sgemm_ is NULL");
    }
    __atomic_store_n(&sgemm, (sgemm_function) symbol, __ATOMIC_RELEASE);
    return NULL;
}

/* Which of the arrays are the same object, as Java found with ==: then it is pinned once. */
#define A_IS_C 1
#define B_IS_C 2
#define B_IS_A 4

/*
 * C = alpha op(A) op(B) + beta C, column-major, as sgemm_. A is a direct buffer's memory (a_direct) or the array a;
 * B and C are arrays. The arrays are pinned with GetPrimitiveArrayCritical for the product's duration; no other JNI
 * call happens while they are.
 */
static void multiply(JNIEnv *env, jboolean trans_a, jboolean trans_b, jint m, jint n, jint k, jfloat alpha,
                     const float *a_direct, jfloatArray a, jint a_offset, jint lda,
                     jfloatArray b, jint b_offset, jint ldb,
                     jfloat beta, jfloatArray c, jint c_offset, jint ldc, jint shared) {
    sgemm_function product = __atomic_load_n(&sgemm, __ATOMIC_ACQUIRE);
    if (product == NULL) {
        jclass illegal = (*env)->FindClass(env, "java/lang/IllegalStateException");
        if (illegal != NULL) {
            (*env)->ThrowNew(env, illegal, "sgemm_ is not bound");
        }
        return;
    }
    float *c_array = (*env)->GetPrimitiveArrayCritical(env, c, NULL);
    if (c_array == NULL) {
        return; /* out of memory, pending */
    }
    float *a_array = NULL;
    if (a_direct == NULL && !(shared & A_IS_C)) {
        a_array = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
        if (a_array == NULL) {
            (*env)->ReleasePrimitiveArrayCritical(env, c, c_array, JNI_ABORT);
            return;
        }
    }
    const float *a_data = a_direct != NULL ? a_direct : (shared & A_IS_C) ? c_array : a_array;
    float *b_array = NULL;
    if (!(shared & (B_IS_C | B_IS_A))) {
        b_array = (*env)->GetPrimitiveArrayCritical(env, b, NULL);
        if (b_array == NULL) {
            if (a_array != NULL) {
                (*env)->ReleasePrimitiveArrayCritical(env, a, a_array, JNI_ABORT);
            }
            (*env)->ReleasePrimitiveArrayCritical(env, c, c_array, JNI_ABORT);
            return;
        }
    }
    const float *b_data = (shared & B_IS_C) ? c_array : (shared & B_IS_A) ? a_data : b_array;

    const char transa = trans_a ? 'T' : 'N';
    const char transb = trans_b ? 'T' : 'N';
    product(&transa, &transb, &m, &n, &k, &alpha, a_data + (ptrdiff_t) a_offset, &lda,
            b_data + (ptrdiff_t) b_offset, &ldb, &beta, c_array + (ptrdiff_t) c_offset, &ldc);

    if (b_array != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, b, b_array, JNI_ABORT);
    }
    if (a_array != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, a, a_array, JNI_ABORT);
    }
    (*env)->ReleasePrimitiveArrayCritical(env, c, c_array, 0);
}

/* sgemm_ on three arrays; shared says which are the same object. */
JNIEXPORT void JNICALL Java_dev_doppel_lm_cpu_Blas_sgemmArrays(JNIEnv *env, jclass type, jboolean trans_a, jboolean trans_b,
                                                               jint m, jint n, jint k, jfloat alpha,
                                                               jfloatArray a, jint a_offset, jint lda,
                                                               jfloatArray b, jint b_offset, jint ldb,
                                                               jfloat beta, jfloatArray c, jint c_offset, jint ldc,
                                                               jint shared) {
    multiply(env, trans_a, trans_b, m, n, k, alpha, NULL, a, a_offset, lda, b, b_offset, ldb, beta, c, c_offset, ldc, shared);
}

/* sgemm_ with A in a direct buffer (a model's weights, in place) and B, C arrays. */
JNIEXPORT void JNICALL Java_dev_doppel_lm_cpu_Blas_sgemmDirectA(JNIEnv *env, jclass type, jboolean trans_a, jboolean trans_b,
                                                                jint m, jint n, jint k, jfloat alpha,
                                                                jobject a, jint a_offset, jint lda,
                                                                jfloatArray b, jint b_offset, jint ldb,
                                                                jfloat beta, jfloatArray c, jint c_offset, jint ldc,
                                                                jint shared) {
    const float *a_direct = (*env)->GetDirectBufferAddress(env, a);
    if (a_direct == NULL) {
        jclass illegal = (*env)->FindClass(env, "java/lang/IllegalArgumentException");
        if (illegal != NULL) {
            (*env)->ThrowNew(env, illegal, "A is not a direct buffer with an address");
        }
        return;
    }
    multiply(env, trans_a, trans_b, m, n, k, alpha, a_direct, NULL, a_offset, lda, b, b_offset, ldb, beta, c, c_offset, ldc,
             shared & B_IS_C);
}
