package dev.doppel.lm.kernels;

/**
 * exp for softmax, in fp32 operations that the scalar and the vector code perform identically (FMA, exact
 * rounding, bit shifts), so that logits do not depend on which code path or JIT tier computed them:
 * the Vector API's own EXP is an SVML call in compiled code and a Math.exp loop in the interpreter, and the
 * two differ in the last bit. Cephes' expf: {@code x = n ln2 + r}, a degree-7 polynomial in r, times 2^n.
 * Within 2 ulp of Math.exp on [-87, 88]; exp(x) for x below -87 is treated as exp(-87), about 1.6e-38.
 */
public final class Exp {

    public static final float MIN = -87f;
    public static final float MAX = 88f;
    public static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    public static final float ROUNDER = 12582912f;
    public static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    // ln 2 split in two, so that n * LN2_HI is exact
    public static final float LN2_HI = 0.693359375f;
    public static final float LN2_LO = -2.12194440e-4f;
    public static final float P0 = 1.9875691500e-4f;
    public static final float P1 = 1.3981999507e-3f;
    public static final float P2 = 8.3334519073e-3f;
    public static final float P3 = 4.1665795894e-2f;
    public static final float P4 = 1.6666665459e-1f;
    public static final float P5 = 5.0000001201e-1f;

    private Exp() {
    }

    public static float exp(float value) {
        float x = Math.min(MAX, Math.max(MIN, value));
        float t = Math.fma(x, LOG2E, ROUNDER);
        float n = t - ROUNDER;                                   // round(x / ln 2)
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);                             // x - n ln 2, |r| <= ln2 / 2
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUNDER_BITS + 127) << 23); // 2^n
        return y * scale;
    }
}
