package dev.doppel.lm;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from processed logits: greedy at temperature 0, else temperature, top-k and top-p sampling. */
final class Sampler {

    private Sampler() {
    }

    static int pick(float[] logits, GenerationOptions options, SplittableRandom random) {
        if (options.temperature() == 0) {
            return argMax(logits);
        }
        double[] probabilities = softmax(logits, options.temperature());
        if (options.topK() > 0 && options.topK() < logits.length) {
            keepTopK(probabilities, options.topK());
        }
        if (options.topP() < 1.0) {
            keepNucleus(probabilities, options.topP());
        }
        double total = 0;
        for (double p : probabilities) {
            total += p;
        }
        double r = random.nextDouble() * total;
        int chosen = argMax(logits); // catches r landing on the rounding edge
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] > 0) {
                chosen = i;
                r -= probabilities[i];
                if (r < 0) {
                    break;
                }
            }
        }
        return chosen;
    }

    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Probabilities of softmax(logits / temperature); banned (-inf) tokens get exactly 0. */
    static double[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    /** Natural-log softmax, for beam scores. */
    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double total = 0;
        for (float logit : logits) {
            total += Math.exp(logit - max);
        }
        double logTotal = max + Math.log(total);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - logTotal;
        }
        return out;
    }

    /** Zeroes all but the k largest (ties at the boundary stay). */
    static void keepTopK(double[] p, int k) {
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        double cutoff = sorted[sorted.length - k];
        for (int i = 0; i < p.length; i++) {
            if (p[i] < cutoff) {
                p[i] = 0;
            }
        }
    }

    /** Keeps the smallest set of most likely tokens whose mass reaches {@code topP} of the remaining mass. */
    static void keepNucleus(double[] p, double topP) {
        // Sorted values, not boxed indices: a 50k vocabulary sorts in a fraction of the time.
        double[] sorted = p.clone();
        Arrays.sort(sorted); // ascending: the nucleus is a suffix
        double total = 0;
        for (double value : sorted) {
            total += value;
        }
        double kept = 0;
        int last = sorted.length; // sorted[last .. end) is the nucleus, taken largest first
        while (last > 0 && kept < topP * total) {
            kept += sorted[--last];
        }
        double cutoff = last < sorted.length ? sorted[last] : Double.POSITIVE_INFINITY;
        int tiesKept = 0; // of the tokens at exactly the cutoff, the nucleus takes this many, lowest ids first
        for (int i = last; i < sorted.length && sorted[i] == cutoff; i++) {
            tiesKept++;
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i] < cutoff) {
                p[i] = 0;
            } else if (p[i] == cutoff) {
                if (tiesKept > 0) {
                    tiesKept--;
                } else {
                    p[i] = 0;
                }
            }
        }
    }
}
