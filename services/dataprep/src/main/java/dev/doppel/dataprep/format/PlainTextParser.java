package dev.doppel.dataprep.format;

import dev.doppel.dataprep.Document;
import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A UTF-8 text corpus for pretraining. Blank lines (empty or whitespace only) separate documents, so
 * each paragraph is one {@link Document} with id {@code file:startLine} and its lines joined by
 * {@code \n}. A paragraph longer than {@link #MAX_DOCUMENT_CHARS} is cut at a line boundary into
 * several documents, each with its own start line: a file without blank lines must not have to fit in
 * memory.
 */
public final class PlainTextParser implements ExportParser {
    public static final int MAX_DOCUMENT_CHARS = 1 << 20;

    private final int maxDocumentChars;

    public PlainTextParser() {
        this(MAX_DOCUMENT_CHARS);
    }

    public PlainTextParser(int maxDocumentChars) {
        this.maxDocumentChars = maxDocumentChars;
    }

    @Override
    public Format format() {
        return Format.TEXT;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        var lines = new Utf8Lines(in, fileName);
        var text = new StringBuilder();
        int startLine = 0;
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                flush(text, fileName, startLine, sink);
                continue;
            }
            if (!text.isEmpty() && text.length() + 1 + line.length() > maxDocumentChars) {
                flush(text, fileName, startLine, sink);
            }
            if (text.isEmpty()) {
                startLine = lines.lineNumber();
            } else {
                text.append('\n');
            }
            text.append(line);
        }
        flush(text, fileName, startLine, sink);
    }

    private static void flush(StringBuilder text, String fileName, int startLine, ExportSink sink) {
        if (!text.isEmpty()) {
            sink.document(new Document(fileName + ":" + startLine, text.toString()));
            text.setLength(0);
        }
    }
}
