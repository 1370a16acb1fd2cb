package dev.doppel.dataprep.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * OpenAI's legacy fine-tuning format: UTF-8 JSONL, one {@code {"prompt": …, "completion": …}} object
 * per line. Blank lines are skipped and other fields ignored. One line is in memory at a time.
 *
 * <p>An empty prompt is refused (there is nothing to answer), but an empty completion passes: it is
 * the report's business to warn about it, and refusing the whole file for it would be harsh.
 */
public final class PromptCompletionJsonlParser implements ExportParser {
    @Override
    public Format format() {
        return Format.OPENAI_PROMPT_COMPLETION;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        var lines = new Utf8Lines(in, fileName);
        String text;
        while ((text = lines.next()) != null) {
            if (text.isBlank()) {
                continue;
            }
            sink.example(example(text, fileName, lines.lineNumber()));
        }
    }

    private static Example example(String text, String fileName, int line) throws InvalidInputException {
        JsonNode node = JsonLine.read(text, fileName, line);
        if (!node.isObject()) {
            throw LineErrors.at(fileName, line,
                    "expected a JSON object with \"prompt\" and \"completion\", found " + JsonLine.describe(node));
        }
        String prompt = JsonLine.string(node, "prompt", "\"prompt\"", fileName, line);
        if (prompt.isBlank()) {
            throw LineErrors.at(fileName, line, "\"prompt\" is empty");
        }
        String completion = JsonLine.string(node, "completion", "\"completion\"", fileName, line);
        return Example.of(prompt, completion, PromptGroups.normalize(prompt), fileName + ":" + line);
    }
}
