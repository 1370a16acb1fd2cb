package dev.doppel.dataprep;

import dev.doppel.dataprep.anonymize.PiiClass;
import dev.doppel.dataprep.pairing.Owner;
import dev.doppel.dataprep.pairing.PairingOptions;
import dev.doppel.dataprep.split.SplitRatios;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How to turn an upload into a dataset.
 *
 * @param owner                  who "me" is in chat and mail exports (not needed for ready-made pairs)
 * @param pairing                context turns and the merge window
 * @param anonymize              which classes of personal data become pseudonyms
 * @param nearDuplicateThreshold Jaccard similarity at or above which two examples are one
 * @param splits                 validation and test fractions, by conversation
 * @param contextTokens          the model context the {@code too_long} warning checks against
 */
public record PrepareOptions(
        Owner owner,
        PairingOptions pairing,
        Set<PiiClass> anonymize,
        double nearDuplicateThreshold,
        SplitRatios splits,
        int contextTokens) {

    public static final double DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.8;
    public static final int DEFAULT_CONTEXT_TOKENS = 1024;

    public PrepareOptions {
        anonymize = anonymize.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(anonymize));
        if (!(nearDuplicateThreshold > 0 && nearDuplicateThreshold <= 1)) {
            throw new IllegalArgumentException("nearDuplicateThreshold must be in (0, 1], got " + nearDuplicateThreshold);
        }
        if (contextTokens < 1) {
            throw new IllegalArgumentException("contextTokens must be positive, got " + contextTokens);
        }
    }

    /** Everything anonymized, default pairing, 80/10/10, a GPT-2-sized context. */
    public static PrepareOptions defaults(List<String> me) {
        return new PrepareOptions(new Owner(me), PairingOptions.DEFAULT, EnumSet.allOf(PiiClass.class),
                DEFAULT_NEAR_DUPLICATE_THRESHOLD, SplitRatios.DEFAULT, DEFAULT_CONTEXT_TOKENS);
    }

    public PrepareOptions withContextTokens(int tokens) {
        return new PrepareOptions(owner, pairing, anonymize, nearDuplicateThreshold, splits, tokens);
    }

    public PrepareOptions withAnonymize(Set<PiiClass> classes) {
        return new PrepareOptions(owner, pairing, classes, nearDuplicateThreshold, splits, contextTokens);
    }

    public PrepareOptions withNearDuplicateThreshold(double threshold) {
        return new PrepareOptions(owner, pairing, anonymize, threshold, splits, contextTokens);
    }

    public PrepareOptions withSplits(SplitRatios ratios) {
        return new PrepareOptions(owner, pairing, anonymize, nearDuplicateThreshold, ratios, contextTokens);
    }

    public PrepareOptions withPairing(PairingOptions options) {
        return new PrepareOptions(owner, options, anonymize, nearDuplicateThreshold, splits, contextTokens);
    }
}
