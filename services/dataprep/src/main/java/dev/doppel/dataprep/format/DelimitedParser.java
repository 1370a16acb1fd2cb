package dev.doppel.dataprep.format;

import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Prompt/response pairs in CSV (comma) or TSV (tab), quoted by RFC 4180 (see {@link DelimitedRecords}
 * for what it tolerates). If the first record names its columns — a prompt column (prompt, input,
 * question, message, received) and a response column (response, completion, output, answer, reply),
 * any case — those columns are used and the other columns ignored; otherwise the first two columns are
 * prompt and response and the first record is data. Each record becomes an {@link Example} grouped by
 * its normalized prompt, located at the line it starts on. A record whose cells are all blank is
 * skipped as {@code empty-row}; an empty prompt is an error, an empty response is let through.
 */
public final class DelimitedParser implements ExportParser {
    private static final List<String> PROMPT_NAMES = List.of("prompt", "input", "question", "message", "received");
    private static final List<String> RESPONSE_NAMES = List.of("response", "completion", "output", "answer", "reply");

    private final Format format;

    public DelimitedParser(Format format) {
        if (format != Format.CSV && format != Format.TSV) {
            throw new IllegalArgumentException("CSV or TSV, not " + format);
        }
        this.format = format;
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        var records = new DelimitedRecords(new Utf8Lines(in, fileName), format == Format.CSV ? ',' : '\t');
        List<String> cells = records.next();
        if (cells == null) {
            return;
        }
        int promptColumn = indexOf(cells, PROMPT_NAMES);
        int responseColumn = indexOf(cells, RESPONSE_NAMES);
        boolean header = promptColumn >= 0 && responseColumn >= 0;
        if (!header && (promptColumn >= 0 || responseColumn >= 0)) {
            throw LineErrors.at(fileName, records.recordLine(), "the header names a "
                    + (promptColumn >= 0 ? "prompt column but no response column (" + RESPONSE_NAMES + ")"
                    : "response column but no prompt column (" + PROMPT_NAMES + ")"));
        }
        if (!header) {
            promptColumn = 0;
            responseColumn = 1;
        }
        int needed = Math.max(promptColumn, responseColumn) + 1;
        if (header) {
            cells = records.next();
        }
        for (; cells != null; cells = records.next()) {
            int line = records.recordLine();
            if (cells.stream().allMatch(String::isBlank)) {
                sink.skipped("empty-row");
                continue;
            }
            if (cells.size() < needed) {
                throw LineErrors.at(fileName, line, cells.size() + (cells.size() == 1 ? " column" : " columns")
                        + ", need at least " + needed + " (prompt in column " + (promptColumn + 1)
                        + ", response in column " + (responseColumn + 1) + ")");
            }
            String prompt = cells.get(promptColumn);
            if (prompt.isBlank()) {
                throw LineErrors.at(fileName, line, "the prompt (column " + (promptColumn + 1) + ") is empty");
            }
            sink.example(Example.of(prompt, cells.get(responseColumn), PromptGroups.normalize(prompt),
                    fileName + ":" + line));
        }
    }

    private static int indexOf(List<String> header, List<String> names) {
        for (int i = 0; i < header.size(); i++) {
            if (names.contains(header.get(i).strip().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }
}
