package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/** Placeholder until this format's parser lands. */
public final class PromptCompletionJsonlParser implements ExportParser {
    @Override
    public Format format() {
        return Format.OPENAI_PROMPT_COMPLETION;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        throw new UnsupportedOperationException("OPENAI_PROMPT_COMPLETION is not implemented yet");
    }
}
