package dev.doppel.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How ingest judges and splits an uploaded file. */
@ConfigMapping(prefix = "doppel.ingest")
public interface IngestConfig {

    /** Files with fewer unique examples than this are rejected: too little to train and evaluate on. */
    @WithDefault("3")
    int minExamples();

    Split split();

    /** Target shares of the held-out splits; train gets the rest. */
    interface Split {
        @WithDefault("0.1")
        double validationFraction();

        @WithDefault("0.1")
        double testFraction();
    }
}
