package dev.doppel.ingest.service.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes examples as the JSONL the trainer and evaluator read: {@code {"prompt":…,"completion":…}} per line. */
public final class JsonlWriter {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private JsonlWriter() {
    }

    public static byte[] toBytes(List<PromptCompletion> examples) {
        var out = new ByteArrayOutputStream();
        try {
            for (PromptCompletion example : examples) {
                out.write(JSON.writeValueAsBytes(example));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return out.toByteArray();
    }
}
