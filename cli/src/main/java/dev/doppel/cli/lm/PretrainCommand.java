package dev.doppel.cli.lm;

import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.Tokenizer;
import dev.doppel.lm.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Trains a GPT from scratch on a text corpus; the loss covers every token.")
final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, split = ",", paramLabel = "FILE",
            description = "Corpus: .jsonl with one {\"text\": ...} per line, or plain text files (one document each).")
    List<Path> train;

    @Option(names = "--valid", split = ",", paramLabel = "FILE", description = "Held-out corpus, same formats.")
    List<Path> valid;

    @Option(names = "--tokenizer", defaultValue = "byte", paramLabel = "byte|DIR",
            description = "'byte', or a directory holding tokenizer.json (bin/doppel lm train-tokenizer) (default ${DEFAULT-VALUE}).")
    String tokenizer;

    @Mixin
    ModelShape shape;

    @Mixin
    TrainingFlags flags;

    @Override
    public Integer call() throws Exception {
        LanguageModel model = flags.resume != null ? LanguageModel.load(flags.resume) : null;
        Tokenizer tok = model != null ? model.tokenizer() : TokenizerChoice.resolve(tokenizer);
        if (model == null) {
            model = LanguageModel.create(shape.config(tok.vocabSize()), tok, flags.seed);
        }
        try (LanguageModel m = model) {
            int blockSize = m.config().blockSize();
            TrainingData trainData = TrainingData.corpus(Texts.documents(train), tok, blockSize);
            TrainingData validData = valid == null ? null : TrainingData.corpus(Texts.documents(valid), tok, blockSize);
            return TrainingRun.run(m, trainData, validData, flags, System.out);
        }
    }
}
