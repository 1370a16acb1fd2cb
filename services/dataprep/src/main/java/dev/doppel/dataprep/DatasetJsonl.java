package dev.doppel.dataprep;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes split files as JSON Lines: pairs as {@code {"prompt": …, "completion": …}} (the prompt with its
 * context, see {@link ExampleText}), documents as {@code {"text": …}}. These are what the trainer reads.
 */
public final class DatasetJsonl {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private DatasetJsonl() {
    }

    public static void writeExamples(List<Example> examples, OutputStream out) throws IOException {
        for (Example example : examples) {
            var line = JSON.createObjectNode();
            line.put("prompt", ExampleText.prompt(example));
            line.put("completion", example.completion());
            JSON.writeValue(out, line);
            out.write('\n');
        }
        out.flush();
    }

    public static void writeDocuments(List<Document> documents, OutputStream out) throws IOException {
        for (Document document : documents) {
            var line = JSON.createObjectNode();
            line.put("text", document.text());
            JSON.writeValue(out, line);
            out.write('\n');
        }
        out.flush();
    }
}
