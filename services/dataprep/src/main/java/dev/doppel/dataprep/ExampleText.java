package dev.doppel.dataprep;

import java.util.stream.Collectors;

/**
 * The prompt text a model is trained on. Context turns come first, one {@code speaker: text} block each,
 * then a blank line and the message being answered, so the model sees who said what before it.
 */
public final class ExampleText {
    private ExampleText() {
    }

    public static String prompt(Example example) {
        if (example.context().isEmpty()) {
            return example.prompt();
        }
        return example.context().stream()
                .map(turn -> turn.speaker() + ": " + turn.text())
                .collect(Collectors.joining("\n", "", "\n\n" + example.prompt()));
    }
}
