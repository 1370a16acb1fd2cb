package dev.doppel.lm.ngram;

import java.util.Random;

/** Draws a token from a probability vector at a temperature. */
final class TokenSampler {

    private TokenSampler() {
    }

    /** Temperature 0 is greedy (lowest id on ties); otherwise draws in proportion to {@code p^(1/temperature)}. */
    static int pick(double[] probabilities, double temperature, Random random) {
        int best = 0;
        for (int token = 1; token < probabilities.length; token++) {
            if (probabilities[token] > probabilities[best]) {
                best = token;
            }
        }
        if (temperature == 0) {
            return best;
        }
        // Relative to the best token, in log space: p^(1/T) underflows for small T long before the ratio does.
        double logBest = Math.log(probabilities[best]);
        double[] weights = new double[probabilities.length];
        double total = 0;
        for (int token = 0; token < probabilities.length; token++) {
            weights[token] = Math.exp((Math.log(probabilities[token]) - logBest) / temperature);
            total += weights[token];
        }
        double remaining = random.nextDouble() * total;
        for (int token = 0; token < weights.length; token++) {
            remaining -= weights[token];
            if (remaining < 0) {
                return token;
            }
        }
        return best; // rounding left a sliver past the last token
    }
}
