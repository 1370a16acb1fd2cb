package dev.doppel.cli.lm;

import dev.doppel.lm.GptConfig;
import picocli.CommandLine.Option;

/** The GPT config flags of a new model (a resumed or fine-tuned one takes its checkpoint's). */
final class ModelShape {

    @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--embd", defaultValue = "128", description = "Residual width (default ${DEFAULT-VALUE}).")
    int embd;

    @Option(names = "--context", defaultValue = "128", description = "Context length in tokens (default ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--dropout", defaultValue = "0.0", description = "Dropout (default ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--no-bias", description = "Linear layers and LayerNorms without bias.")
    boolean noBias;

    GptConfig config(int vocabSize) {
        return new GptConfig(layers, heads, embd, context, vocabSize, dropout, !noBias);
    }
}
