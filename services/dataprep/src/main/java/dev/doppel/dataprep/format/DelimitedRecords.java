package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits delimited text into records by RFC 4180: a field in double quotes may hold the delimiter,
 * doubled quotes ({@code ""} for {@code "}) and line breaks, so one record may span several lines.
 *
 * <p>Like Python's csv module and most spreadsheet readers, it is lenient where RFC 4180 is silent:
 * a quote inside an unquoted field ({@code 5" screen}) is text, and text after a closing quote
 * ({@code "a"b}) is appended to the field. A line break inside quotes is kept as {@code \n}, whatever
 * the file used. Empty lines between records are skipped.
 */
final class DelimitedRecords {
    private final Utf8Lines lines;
    private final char delimiter;
    private int recordLine;

    DelimitedRecords(Utf8Lines lines, char delimiter) {
        this.lines = lines;
        this.delimiter = delimiter;
    }

    /** The cells of the next record, or null at the end of the file. */
    List<String> next() throws IOException, InvalidInputException {
        String line = lines.next();
        while (line != null && line.isEmpty()) {
            line = lines.next();
        }
        if (line == null) {
            return null;
        }
        recordLine = lines.lineNumber();
        var cells = new ArrayList<String>(4);
        var field = new StringBuilder();
        boolean quoted = false;   // inside a quoted section
        boolean wasQuoted = false; // this field opened with a quote
        int quoteLine = 0;
        while (true) {
            int length = line.length();
            for (int i = 0; i < length; i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c != '"') {
                        field.append(c);
                    } else if (i + 1 < length && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else if (c == delimiter) {
                    cells.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    quoteLine = lines.lineNumber();
                } else {
                    field.append(c);
                }
            }
            if (!quoted) {
                cells.add(field.toString());
                return cells;
            }
            line = lines.next();
            if (line == null) {
                throw LineErrors.at(lines.fileName(), quoteLine, "unterminated quote: the field that starts on line "
                        + quoteLine + " has no closing \" before the end of the file");
            }
            field.append('\n');
        }
    }

    /** Line on which the record {@link #next()} returned last begins. */
    int recordLine() {
        return recordLine;
    }
}
