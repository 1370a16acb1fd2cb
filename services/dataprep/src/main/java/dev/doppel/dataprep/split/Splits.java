package dev.doppel.dataprep.split;

import java.util.List;

/** Train, validation and test, each in input order. */
public record Splits<T>(List<T> train, List<T> validation, List<T> test) {
    public Splits {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public int total() {
        return train.size() + validation.size() + test.size();
    }
}
