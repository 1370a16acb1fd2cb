package dev.doppel.gateway.serving;

import dev.doppel.lm.Generator;
import java.util.List;

/** What a running generation reports, in order: started, text deltas, finished. */
public sealed interface GenerationEvent {

    /** A worker took the request; the model is loaded and the first token is on its way. */
    record Started() implements GenerationEvent {
    }

    /** New final text of choice {@code choice}. */
    record Delta(int choice, String text) implements GenerationEvent {
    }

    /** Every choice, with its full text, token counts and finish reason. */
    record Finished(List<Generator.Generation> choices, int promptTokens) implements GenerationEvent {

        public int completionTokens() {
            return choices.stream().mapToInt(Generator.Generation::completionTokens).sum();
        }
    }
}
