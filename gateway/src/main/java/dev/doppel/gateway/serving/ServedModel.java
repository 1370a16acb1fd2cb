package dev.doppel.gateway.serving;

import dev.doppel.lm.CachedDecoder;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import dev.doppel.lm.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What serving keeps of a checkpoint: the plain-Java decoder (its own fp32 copy of the weights) and the
 * tokenizer. The DJL model is closed right after the decoder copies it, so its native copy of the weights
 * does not sit in memory twice.
 */
public record ServedModel(CachedDecoder decoder, Tokenizer tokenizer, GptConfig config, long parameters) {

    public static ServedModel load(Path checkpointDir) throws IOException {
        try (LanguageModel model = LanguageModel.load(checkpointDir)) {
            return new ServedModel(new CachedDecoder(model), model.tokenizer(), model.config(), model.parameterCount());
        }
    }

    /** Tokens the model attends to: prompt plus reply must fit. */
    public int contextLength() {
        return config.blockSize();
    }

    /**
     * Estimated resident bytes: the fp32 weights, plus a key/value cache for each stream that may decode from
     * it at once (each serving worker runs one generation, and every worker may pick this model).
     */
    public long estimatedBytes(int concurrentStreams) {
        return parameters * Float.BYTES + concurrentStreams * kvCacheBytesPerStream(config);
    }

    /** Keys and values of every layer for a full context, fp32: what one decode session allocates. */
    static long kvCacheBytesPerStream(GptConfig config) {
        return 2L * config.nLayer() * config.blockSize() * config.nEmbd() * Float.BYTES;
    }

    public void close() {
        decoder.close();
    }
}
