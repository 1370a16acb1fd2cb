package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;

/** The one shape of a line-level problem: {@code chats.jsonl line 4: messages[2].role must be …}. */
final class LineErrors {
    private LineErrors() {
    }

    static InvalidInputException at(String fileName, int line, String problem) {
        return new InvalidInputException(fileName + " line " + line + ": " + problem, fileName + ":" + line);
    }
}
