package dev.doppel.dataprep.split;

/** Target fractions of conversations for validation and test; train gets the rest. */
public record SplitRatios(double validation, double test) {
    public static final SplitRatios DEFAULT = new SplitRatios(0.1, 0.1);

    public SplitRatios {
        if (!(validation >= 0) || !(test >= 0) || validation + test >= 1) {
            throw new IllegalArgumentException("validation (" + validation + ") and test (" + test
                    + ") fractions must be non-negative and leave room for train");
        }
    }
}
