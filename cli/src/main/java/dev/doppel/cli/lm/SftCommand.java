package dev.doppel.cli.lm;

import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.Tokenizer;
import dev.doppel.lm.TrainingData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sft", mixinStandardHelpOptions = true,
        description = "Fine-tunes on prompt/completion pairs through the chat template; the loss covers only the replies.")
final class SftCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Prompt/completion JSONL.")
    Path train;

    @Option(names = "--valid", paramLabel = "FILE", description = "Held-out prompt/completion JSONL.")
    Path valid;

    @Option(names = "--init", paramLabel = "CHECKPOINT",
            description = "Start from this checkpoint (e.g. a pretrained base) instead of random weights.")
    Path init;

    @Option(names = "--tokenizer", defaultValue = "byte", paramLabel = "byte|DIR",
            description = "For a model from scratch: 'byte' or a directory holding tokenizer.json (default ${DEFAULT-VALUE}).")
    String tokenizer;

    @Mixin
    ModelShape shape;

    @Mixin
    TrainingFlags flags;

    @Override
    public Integer call() throws Exception {
        Path from = flags.resume != null ? flags.resume : init;
        LanguageModel model;
        if (from != null) {
            model = LanguageModel.load(from);
        } else {
            Tokenizer tok = TokenizerChoice.resolve(tokenizer);
            model = LanguageModel.create(shape.config(tok.vocabSize()), tok, flags.seed);
        }
        try (LanguageModel m = model) {
            int blockSize = m.config().blockSize();
            TrainingData trainData = TrainingData.chat(Texts.pairs(train), m.tokenizer(), blockSize);
            TrainingData validData = valid == null ? null : TrainingData.chat(Texts.pairs(valid), m.tokenizer(), blockSize);
            return TrainingRun.run(m, trainData, validData, flags, System.out);
        }
    }
}
