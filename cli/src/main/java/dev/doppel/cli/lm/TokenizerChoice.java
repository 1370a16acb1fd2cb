package dev.doppel.cli.lm;

import dev.doppel.lm.ByteTokenizer;
import dev.doppel.lm.Tokenizer;
import dev.doppel.lm.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;

/** The {@code --tokenizer} flag: "byte", or a directory with a tokenizer.json. */
final class TokenizerChoice {

    private TokenizerChoice() {
    }

    static Tokenizer resolve(String choice) throws IOException {
        if ("byte".equals(choice)) {
            return new ByteTokenizer();
        }
        return Tokenizers.load(Path.of(choice));
    }
}
