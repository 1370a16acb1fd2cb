package dev.doppel.cli.lm;

import dev.doppel.lm.BpeTokenizer;
import dev.doppel.lm.BpeTrainer;
import dev.doppel.lm.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = "Trains a byte-level BPE tokenizer on a corpus and writes DIR/tokenizer.json.")
final class TrainTokenizerCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, split = ",", paramLabel = "FILE",
            description = "Corpus: .jsonl with one {\"text\": ...} per line, or plain text files.")
    List<Path> train;

    @Option(names = "--vocab-size", defaultValue = "4096",
            description = "Vocabulary size including the 256 bytes and the 4 chat specials (default ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> documents = Texts.documents(train);
        long start = System.nanoTime();
        BpeTokenizer tokenizer = BpeTrainer.train(documents, vocabSize);
        double seconds = (System.nanoTime() - start) / 1e9;
        Tokenizers.save(tokenizer, out);
        long bytes = documents.stream().mapToLong(d -> d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        long tokens = documents.stream().mapToLong(d -> tokenizer.encode(d).length).sum();
        System.out.printf("trained %d tokens in %.1f s on %,d bytes: %.2f bytes per token -> %s%n", tokenizer.vocabSize(),
                seconds, bytes, (double) bytes / tokens, out.resolve(Tokenizers.FILE));
        return 0;
    }
}
