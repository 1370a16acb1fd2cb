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
static jclass float_array_class;

/* Finds sgemm_ in the already loaded libtorch_cpu.so at the given path; NULL on success, else why not. */
JNIEXPORT jstring JNICALL Java_dev_doppel_lm_cpu_Blas_bind(JNIEnv *env, jclass type, jstring libtorch_cpu_path) {
    jclass float_array = (*env)->FindClass(env, "[F");
    if (float_array == NULL) {
        return NULL; /* an exception is pending */
    }
    float_array_class = (*env)->NewGlobalRef(env, float_array);
    const char *path = (*env)->GetStringUTFChars(env, libtorch_cpu_path, NULL);
    if (float_array_class == NULL || path == NULL) {
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

/*
 * An input operand's address if it is a direct buffer; NULL for a float[] (GetDirectBufferAddress answers NULL
 * for anything that is not a direct buffer). False, with an exception pending, if it is neither.
 */
static jboolean direct_address(JNIEnv *env, jobject operand, const float **address) {
    *address = (*env)->GetDirectBufferAddress(env, operand);
    if (*address != NULL || (*env)->IsInstanceOf(env, operand, float_array_class)) {
        return JNI_TRUE;
    }
    jclass illegal = (*env)->FindClass(env, "java/lang/IllegalArgumentException");
    if (illegal != NULL) {
        (*env)->ThrowNew(env, illegal, "an operand is neither a float[] nor a direct buffer with an address");
    }
    return JNI_FALSE;
}

/*
 * C = alpha op(A) op(B) + beta C, column-major, as sgemm_. a and b are each a float[] or a direct buffer, c a float[].
 * The arrays are pinned with GetPrimitiveArrayCritical for the product's duration; an array that is given twice
 * (a is c, say) is pinned once.
 */
JNIEXPORT void JNICALL Java_dev_doppel_lm_cpu_Blas_sgemm(JNIEnv *env, jclass type, jboolean trans_a, jboolean trans_b,
                                                         jint m, jint n, jint k, jfloat alpha,
                                                         jobject a, jint a_offset, jint lda,
                                                         jobject b, jint b_offset, jint ldb,
                                                         jfloat beta, jfloatArray c, jint c_offset, jint ldc) {
    sgemm_function product = __atomic_load_n(&sgemm, __ATOMIC_ACQUIRE);
    if (product == NULL) {
        jclass illegal = (*env)->FindClass(env, "java/lang/IllegalStateException");
        if (illegal != NULL) {
            (*env)->ThrowNew(env, illegal, "sgemm_ is not bound");
        }
        return;
    }
    /* Every other JNI call comes before the critical region. */
    const float *a_direct;
    const float *b_direct;
    if (!direct_address(env, a, &a_direct) || !direct_address(env, b, &b_direct)) {
        return;
    }
    jboolean a_is_c = a_direct == NULL && (*env)->IsSameObject(env, a, c);
    jboolean b_is_c = b_direct == NULL && (*env)->IsSameObject(env, b, c);
    jboolean b_is_a = a_direct == NULL && b_direct == NULL && !b_is_c && (*env)->IsSameObject(env, a, b);

    float *c_array = (*env)->GetPrimitiveArrayCritical(env, c, NULL);
    if (c_array == NULL) {
        return; /* out of memory, pending */
    }
    float *a_array = NULL;
    float *b_array = NULL;
    if (a_direct == NULL && !a_is_c) {
        a_array = (*env)->GetPrimitiveArrayCritical(env, (jarray) a, NULL);
        if (a_array == NULL) {
            (*env)->ReleasePrimitiveArrayCritical(env, c, c_array, JNI_ABORT);
            return;
        }
    }
    const float *a_data = a_direct != NULL ? a_direct : a_is_c ? c_array : a_array;
    if (b_direct == NULL && !b_is_c && !b_is_a) {
        b_array = (*env)->GetPrimitiveArrayCritical(env, (jarray) b, NULL);
        if (b_array == NULL) {
            if (a_array != NULL) {
                (*env)->ReleasePrimitiveArrayCritical(env, (jarray) a, a_array, JNI_ABORT);
            }
            (*env)->ReleasePrimitiveArrayCritical(env, c, c_array, JNI_ABORT);
            return;
        }
    }
    const float *b_data = b_direct != NULL ? b_direct : b_is_c ? c_array : b_is_a ? a_data : b_array;

    const char transa = trans_a ? 'T' : 'N';
    const char transb = trans_b ? 'T' : 'N';
    product(&transa, &transb, &m, &n, &k, &alpha, a_data + (ptrdiff_t) a_offset, &lda,
            b_data + (ptrdiff_t) b_offset, &ldb, &beta, c_array + (ptrdiff_t) c_offset, &ldc);

    if (b_array != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, (jarray) b, b_array, JNI_ABORT);
    }
    if (a_array != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, (jarray) a, a_array, JNI_ABORT);
    }
    (*env)->ReleasePrimitiveArrayCritical(env, c, c_array, 0);
}
